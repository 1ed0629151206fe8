#include "analysis/katakana.h"

namespace mikros::analysis {

bool is_katakana(UChar32 c) {
  return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F);
}

bool katakana_cannot_start(UChar32 c) {
  switch (c) {
    case 0x30A1:
    case 0x30A3:
    case 0x30A5:
    case 0x30A7:
    case 0x30A9:
    case 0x30C3:
    case 0x30E3:
    case 0x30E5:
    case 0x30E7:
    case 0x30EE:
    case 0x30F5:
    case 0x30F6:
    case 0x30FC:
    case 0x30F3:
    case 0xFF70:
      return true;
    default:
      return false;
  }
}

}  // namespace mikros::analysis
