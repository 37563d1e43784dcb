// Messages: text from anywhere (a file, a store, a server, an option) made
// fit for one line of a terminal.
//
// Every message fasdl prints goes through one_line(): a file's bytes, a
// store's error text or a path holding an escape sequence cannot move the
// cursor, ring the bell, start a second line or fill the screen.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fasdl {

// The longest message printed, in bytes; longer ones are cut.
inline constexpr std::size_t kMaxMessageBytes = 1000;

// `text` as one printable line of at most `max_bytes` bytes (plus "..."
// when cut; never inside a character): C0 controls and DEL as \xNN (a line
// break as \n, a tab as \t), C1 controls, U+2028 and U+2029 as \uNNNN,
// bytes that are not UTF-8 as \xNN. Printable UTF-8 stays as it is.
std::string one_line(std::string_view text, std::size_t max_bytes = kMaxMessageBytes);

}  // namespace fasdl
