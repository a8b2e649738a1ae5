#include "nnaudio/options/chroma.h"

#include <stdexcept>

namespace nnaudio {

std::string to_string(ChromaCQTMode value) {
  switch (value) {
    case ChromaCQTMode::Full:
      return "full";
    case ChromaCQTMode::Hybrid:
      return "hybrid";
  }
  throw std::invalid_argument("unknown ChromaCQTMode");
}

ChromaCQTMode parse_chroma_cqt_mode(const std::string& name) {
  for (auto value : {ChromaCQTMode::Full, ChromaCQTMode::Hybrid}) {
    if (name == to_string(value)) return value;
  }
  throw std::invalid_argument("cqt_mode='" + name + "' is not supported; allowed: full, hybrid");
}

}  // namespace nnaudio
