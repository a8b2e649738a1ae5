#include "nnaudio/modules/amplitude_to_db.h"

#include "functional/db_options.h"
#include "modules/module_support.h"
#include "nnaudio/functional/amplitude.h"

namespace nnaudio {
namespace {

bool is_power(const AmplitudeToDBOptions& o) {
  return o.stype() == AmplitudeToDBOptions::Stype::Power;
}

// librosa's default floors: 1e-10 for power, 1e-5 (its square root) for amplitude.
double amin_of(const AmplitudeToDBOptions& o) {
  return o.amin().value_or(is_power(o) ? 1e-10 : 1e-5);
}

}  // namespace

AmplitudeToDBImpl::AmplitudeToDBImpl(AmplitudeToDBOptions options_) : options(std::move(options_)) {
  reset();
}

void AmplitudeToDBImpl::reset() {
  detail::check_db_options(options.ref(), amin_of(options), options.top_db(), "AmplitudeToDB");
}

void AmplitudeToDBImpl::pretty_print(std::ostream& stream) const {
  const AmplitudeToDBOptions d;
  stream << detail::OptionPrinter("AmplitudeToDB")
                .always("stype", std::string(is_power(options) ? "power" : "magnitude"))
                .unless_default("ref", options.ref().to_string(), d.ref().to_string())
                .always("amin", amin_of(options))
                .unless_default("top_db", options.top_db(), d.top_db())
                .str();
}

torch::Tensor AmplitudeToDBImpl::forward(const torch::Tensor& input) {
  return detail::in_float32_if_half(input, "AmplitudeToDB", [&](const torch::Tensor& wide) {
    if (is_power(options)) {
      return functional::power_to_db(wide, options.ref(), amin_of(options), options.top_db());
    }
    return functional::amplitude_to_db(wide, options.ref(), amin_of(options), options.top_db());
  });
}

}  // namespace nnaudio
