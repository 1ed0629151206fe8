#!/usr/bin/env python3
"""Loads libmikros.so into Python with ctypes and indexes and searches through the C API:
the proof that another language can use mikros with nothing but the shared library.

  ctypes_test.py PATH/TO/libmikros.so

Under AddressSanitizer the interpreter needs
  LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libstdc++.so)
  ASAN_OPTIONS=detect_leaks=0
(tests/embedding/CMakeLists.txt sets both and says why).
"""
import ctypes as C
import json
import math
import sys
import tempfile


class Options(C.Structure):  # mikros_options
    _fields_ = [("struct_size", C.c_size_t), ("create_if_missing", C.c_int),
                ("read_only", C.c_int), ("block_cache_mb", C.c_size_t),
                ("tier_micro", C.c_uint64), ("tier_mid", C.c_uint64),
                ("tier_macro", C.c_uint64), ("tier_mega", C.c_uint64),
                ("batch_size", C.c_size_t)]


class SearchOptions(C.Structure):  # mikros_search_options
    _fields_ = [("struct_size", C.c_size_t), ("limit", C.c_size_t), ("offset", C.c_size_t),
                ("exact_total", C.c_int), ("explain", C.c_int),
                ("max_query_length", C.c_size_t), ("max_query_terms", C.c_size_t),
                ("max_query_depth", C.c_size_t)]


def load(path):
    lib = C.CDLL(path)
    P = C.c_void_p
    PP = C.POINTER(C.c_void_p)
    sig = {
        "mikros_version": (C.c_char_p, []),
        "mikros_version_number": (C.c_int, []),
        "mikros_error_get_code": (C.c_int, [P]),
        "mikros_error_message": (C.c_char_p, [P]),
        "mikros_error_string": (C.c_char_p, [P]),
        "mikros_error_position": (C.c_size_t, [P]),
        "mikros_error_free": (None, [P]),
        "mikros_free": (None, [P]),
        "mikros_options_init": (None, [C.POINTER(Options), C.c_size_t]),
        "mikros_search_options_init": (None, [C.POINTER(SearchOptions), C.c_size_t]),
        "mikros_open": (C.c_int, [C.c_char_p, C.POINTER(Options), PP, PP]),
        "mikros_close": (None, [P]),
        "mikros_count": (C.c_uint64, [P]),
        "mikros_get_json": (C.c_int, [P, C.c_char_p, PP, PP]),
        "mikros_index_json": (C.c_int, [P, C.c_char_p, C.c_size_t, PP]),
        "mikros_index_jsonl": (C.c_int, [P, C.c_char_p, C.c_size_t, PP, PP]),
        "mikros_delete": (C.c_int, [P, C.c_char_p, PP]),
        "mikros_commit": (C.c_int, [P, PP]),
        "mikros_report_records": (C.c_uint64, [P]),
        "mikros_report_accepted": (C.c_uint64, [P]),
        "mikros_report_rejected": (C.c_uint64, [P]),
        "mikros_report_rejection_line": (C.c_uint64, [P, C.c_size_t]),
        "mikros_report_rejection_reason": (C.c_char_p, [P, C.c_size_t]),
        "mikros_report_free": (None, [P]),
        "mikros_search": (C.c_int, [P, C.c_char_p, C.POINTER(SearchOptions), PP, PP]),
        "mikros_result_count": (C.c_size_t, [P]),
        "mikros_result_total": (C.c_uint64, [P]),
        "mikros_result_json": (C.c_char_p, [P]),
        "mikros_hit_key": (C.c_char_p, [P, C.c_size_t]),
        "mikros_hit_tier_name": (C.c_char_p, [P, C.c_size_t]),
        "mikros_hit_followers": (C.c_uint64, [P, C.c_size_t]),
        "mikros_hit_country": (C.c_char_p, [P, C.c_size_t]),
        "mikros_hit_has_engagement_rate": (C.c_int, [P, C.c_size_t]),
        "mikros_hit_engagement_rate": (C.c_double, [P, C.c_size_t]),
        "mikros_hit_score": (C.c_double, [P, C.c_size_t]),
        "mikros_result_free": (None, [P]),
    }
    for name, (restype, argtypes) in sig.items():
        f = getattr(lib, name)
        f.restype = restype
        f.argtypes = argtypes
    return lib


class MikrosError(Exception):
    def __init__(self, code, text, position):
        super().__init__(text)
        self.code, self.position = code, position


def call(lib, fn, *args):
    """Calls a fallible C function; raises MikrosError with the error object's contents."""
    err = C.c_void_p()
    code = fn(*args, C.byref(err))
    if code != 0:
        text = lib.mikros_error_string(err).decode()
        position = lib.mikros_error_position(err)
        got = lib.mikros_error_get_code(err)
        lib.mikros_error_free(err)
        assert got == code, (got, code)
        raise MikrosError(code, text, position)
    expect(not err.value, "no error object on success")


def expect(ok, what):
    if not ok:
        raise AssertionError(what)


PROFILES = [
    {"platform": "instagram", "handle": "maya_slowstyle", "name": "Maya Chen",
     "bio": "Slow fashion lover: thrift finds 🌿", "country": "US", "followers": 23400,
     "engagement_rate": 0.041},
    {"platform": "tiktok", "handle": "haulqueen", "bio": "weekly fast fashion hauls",
     "country": "US", "followers": 45000},
    {"platform": "instagram", "handle": "tokyo_furugi", "bio": "古着とスローファッション",
     "country": "JP", "followers": 4999},
]


def main():
    lib = load(sys.argv[1])
    version = lib.mikros_version().decode()
    major, minor, patch = (int(x) for x in version.split("."))
    expect(lib.mikros_version_number() == major * 10000 + minor * 100 + patch, "version number")

    with tempfile.TemporaryDirectory() as tmp:
        options = Options()
        lib.mikros_options_init(C.byref(options), C.sizeof(options))
        expect(options.create_if_missing == 1 and options.batch_size == 5000, "option defaults")
        db = C.c_void_p()
        call(lib, lib.mikros_open, f"{tmp}/db".encode(), C.byref(options), C.byref(db))
        try:
            lines = [json.dumps(p, ensure_ascii=False) for p in PROFILES]
            lines.insert(1, '{"platform":"instagram","handle":"bad","followers":-3}')
            data = ("\n".join(lines) + "\n").encode()
            report = C.c_void_p()
            call(lib, lib.mikros_index_jsonl, db, data, len(data), C.byref(report))
            expect(lib.mikros_report_records(report) == 4, "records")
            expect(lib.mikros_report_accepted(report) == 3, "accepted")
            expect(lib.mikros_report_rejected(report) == 1, "rejected")
            expect(lib.mikros_report_rejection_line(report, 0) == 2, "rejected line")
            reason = lib.mikros_report_rejection_reason(report, 0).decode()
            expect(reason.startswith("followers"), reason)
            lib.mikros_report_free(report)
            expect(lib.mikros_count(db) == 3, "count")

            search = SearchOptions()
            lib.mikros_search_options_init(C.byref(search), C.sizeof(search))
            search.limit = 10
            result = C.c_void_p()
            call(lib, lib.mikros_search, db, '"slow fashion" country:US'.encode(),
                 C.byref(search), C.byref(result))
            try:
                expect(lib.mikros_result_total(result) == 1, "total")
                expect(lib.mikros_result_count(result) == 1, "count")
                hit = {
                    "key": lib.mikros_hit_key(result, 0).decode(),
                    "tier": lib.mikros_hit_tier_name(result, 0).decode(),
                    "followers": lib.mikros_hit_followers(result, 0),
                    "country": lib.mikros_hit_country(result, 0).decode(),
                    "er": lib.mikros_hit_engagement_rate(result, 0),
                    "score": lib.mikros_hit_score(result, 0),
                }
                print("hit:", hit)
                expect(hit["key"] == "instagram:maya_slowstyle" and hit["tier"] == "micro" and
                       hit["followers"] == 23400 and hit["country"] == "US" and
                       abs(hit["er"] - 0.041) < 1e-12 and hit["score"] > 0, hit)
                parsed = json.loads(lib.mikros_result_json(result).decode())
                expect(parsed["hits"][0]["handle"] == "maya_slowstyle", parsed)
                expect(lib.mikros_hit_key(result, 1) is None, "out of range gives NULL")
            finally:
                lib.mikros_result_free(result)

            # Text in another script, analysed as at indexing.
            call(lib, lib.mikros_search, db, "古着".encode(), None, C.byref(result))
            expect(lib.mikros_hit_key(result, 0) == b"instagram:tokyo_furugi", "CJK search")
            expect(lib.mikros_hit_has_engagement_rate(result, 0) == 0, "no engagement data")
            expect(math.isnan(lib.mikros_hit_engagement_rate(result, 0)), "NaN when absent")
            lib.mikros_result_free(result)

            # Errors arrive as exceptions on this side, with their code and position.
            try:
                call(lib, lib.mikros_search, db, b"followers:10k..x", None, C.byref(result))
                expect(False, "a query error")
            except MikrosError as e:
                print("query error:", e)
                expect(e.code == 7 and e.position == 15 and
                       str(e).startswith("query syntax: at 15"), (e.code, e.position, str(e)))

            # One profile, then a delete; get returns a string Python must hand back.
            one = json.dumps({"platform": "youtube", "handle": "sam", "followers": 12000}).encode()
            call(lib, lib.mikros_index_json, db, one, len(one))
            call(lib, lib.mikros_delete, db, b"tiktok:haulqueen")
            call(lib, lib.mikros_commit, db)
            expect(lib.mikros_count(db) == 3, "count after add and delete")
            text = C.c_void_p()
            call(lib, lib.mikros_get_json, db, b"youtube:sam", C.byref(text))
            expect(json.loads(C.string_at(text).decode())["followers"] == 12000, "get")
            lib.mikros_free(text)
            try:
                call(lib, lib.mikros_get_json, db, b"tiktok:haulqueen", C.byref(text))
                expect(False, "deleted profile found")
            except MikrosError as e:
                expect(e.code == 2, str(e))
        finally:
            lib.mikros_close(db)
    print(f"ctypes: libmikros {version} indexed and searched from Python")


if __name__ == "__main__":
    main()
