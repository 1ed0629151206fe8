# Doxygen input filter for the public headers. They use the project's plain comment style
# (// above a declaration, // after a member); this turns those comments into Doxygen's
# (/// and ///<) so the API reference comes from the headers as they are written. The
# first comment block of a header becomes the file's description; a section rule
# (// -----) and the title under it stay plain comments.
/^\/\/ -{20,}$/{
  N
  b
}
1s|^// mikros: |/// @file\n/// |
s|^([[:space:]]*)//( \|$)|\1///\2|
s|([;,])([[:space:]]*)// |\1\2///< |
