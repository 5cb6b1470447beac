# Script mode helper for zc_embed_file: INPUT, OUTPUT, SYMBOL.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUTPUT}
"// Generated from ${INPUT}; do not edit.\n#include <string_view>\n"
"namespace zc::embedded {\n"
"static constexpr char k_bytes[] = {${bytes} 0};\n"
"extern const std::string_view ${SYMBOL};\n"
"const std::string_view ${SYMBOL}{k_bytes, ${byte_count}};\n"
"}  // namespace zc::embedded\n")
