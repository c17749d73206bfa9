// The library's bodies, compiled once (the X3 grammar and ICU have their own files).
#include <planrules/impl/library.ipp>
