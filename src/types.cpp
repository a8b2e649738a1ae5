#include "nnaudio/types.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace nnaudio {
namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, const char*>, N>;

constexpr NameTable<PadMode, 2> kPadModes{
    {{PadMode::Constant, "constant"}, {PadMode::Reflect, "reflect"}}};
constexpr NameTable<OutputFormat, 5> kOutputFormats{{{OutputFormat::Complex, "complex"},
                                                     {OutputFormat::RealImag, "realimag"},
                                                     {OutputFormat::Magnitude, "magnitude"},
                                                     {OutputFormat::Power, "power"},
                                                     {OutputFormat::Phase, "phase"}}};
constexpr NameTable<Backend, 3> kBackends{
    {{Backend::Auto, "auto"}, {Backend::FFT, "fft"}, {Backend::Conv, "conv"}}};
constexpr NameTable<FreqScale, 4> kFreqScales{{{FreqScale::No, "no"},
                                               {FreqScale::Linear, "linear"},
                                               {FreqScale::Log, "log"},
                                               {FreqScale::Log2, "log2"}}};

template <typename Enum, std::size_t N>
std::string name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  throw std::invalid_argument("unknown enum value");
}

template <typename Enum, std::size_t N>
Enum parse(const NameTable<Enum, N>& table, const std::string& parameter, const std::string& text) {
  std::string allowed;
  for (const auto& [entry, name] : table) {
    if (text == name) return entry;
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  }
  throw std::invalid_argument(parameter + "='" + text + "' is not supported; allowed: " + allowed);
}

}  // namespace

std::string to_string(PadMode value) {
  return name_of(kPadModes, value);
}
std::string to_string(OutputFormat value) {
  return name_of(kOutputFormats, value);
}
std::string to_string(Backend value) {
  return name_of(kBackends, value);
}
std::string to_string(FreqScale value) {
  return name_of(kFreqScales, value);
}

PadMode parse_pad_mode(const std::string& name) {
  return parse(kPadModes, "pad_mode", name);
}
OutputFormat parse_output_format(const std::string& name) {
  return parse(kOutputFormats, "output_format", name);
}
Backend parse_backend(const std::string& name) {
  return parse(kBackends, "backend", name);
}
FreqScale parse_freq_scale(const std::string& name) {
  return parse(kFreqScales, "freq_scale", name);
}

}  // namespace nnaudio
