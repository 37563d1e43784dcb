#include "fasdl/base/message.h"

#include <fmt/format.h>

namespace fasdl {

namespace {

// The length of the well-formed UTF-8 sequence at s[i], or 0.
std::size_t sequence_length(std::string_view s, std::size_t i, unsigned long& cp) {
  const auto u = static_cast<unsigned char>(s[i]);
  std::size_t extra = 0;
  if (u >= 0xc2 && u <= 0xdf) {
    extra = 1;
    cp = u & 0x1fu;
  } else if (u >= 0xe0 && u <= 0xef) {
    extra = 2;
    cp = u & 0x0fu;
  } else if (u >= 0xf0 && u <= 0xf4) {
    extra = 3;
    cp = u & 0x07u;
  } else {
    return 0;
  }
  if (i + extra >= s.size()) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xc0u) != 0x80u) return 0;
    cp = (cp << 6) | (c & 0x3fu);
  }
  constexpr unsigned long kSmallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[extra] || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff) return 0;
  return extra + 1;
}

}  // namespace

std::string one_line(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  for (std::size_t i = 0; i < text.size();) {
    const auto u = static_cast<unsigned char>(text[i]);
    std::string piece;
    std::size_t used = 1;
    if (u == '\n') {
      piece = "\\n";
    } else if (u == '\t') {
      piece = "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      piece = fmt::format("\\x{:02x}", u);
    } else if (u < 0x80) {
      piece = std::string(1, text[i]);
    } else {
      unsigned long cp = 0;
      used = sequence_length(text, i, cp);
      if (used == 0) {
        used = 1;
        piece = fmt::format("\\x{:02x}", u);
      } else if ((cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
        piece = fmt::format("\\u{:04x}", cp);
      } else {
        piece = std::string(text.substr(i, used));
      }
    }
    if (out.size() + piece.size() > max_bytes) return out + "...";
    out += piece;
    i += used;
  }
  return out;
}

}  // namespace fasdl
