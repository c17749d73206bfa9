// ICU is compiled here and nowhere else.
#include <planrules/impl/unicode.ipp>
