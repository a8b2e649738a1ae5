#pragma once
// Numbers as error messages show them.

#include <sstream>
#include <string>

namespace nnaudio::detail {

/// `value` as std::ostream writes it (6 significant digits: 20, 0.001, 1e-07, nan, inf).
inline std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace nnaudio::detail
