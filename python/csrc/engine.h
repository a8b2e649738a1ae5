#pragma once
// The C++ side of the Python package: one TorchScript custom class, nnaudio.Engine, wraps an
// nnaudio module and one operator, nnaudio::run, calls it.
//
// The Python nn.Module owns the state (parameters and buffers): an Engine hands out the
// tensors its module built once, then forgets them, and every call receives the Python
// module's current tensors and points the C++ module's members at them for the duration of
// the call. So .to(), load_state_dict(), optimizers and DataParallel replicas act on the tensors
// that the computation really uses, and autograd reaches the Python parameters.

#include <torch/custom_class.h>
#include <torch/torch.h>

#include <charconv>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nnaudio::python {

/// Options as the Python classes send them: names of the C++ options, values as text
/// ("none" for an unset optional, "true"/"false", Python's repr of a float).
using OptionMap = c10::Dict<std::string, std::string>;

/// The number `text` spells entirely (locale-independent), or nullopt.
template <typename T>
std::optional<T> parse_number(const std::string& text) {
  T value{};
  const auto end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || last != end) return std::nullopt;
  return value;
}

/// Typed reading of an OptionMap; finish() refuses keys nobody read (a misspelt option).
class OptionReader {
 public:
  OptionReader(std::string kind, OptionMap map) : kind_(std::move(kind)), map_(std::move(map)) {}

  bool has(const std::string& key) const { return map_.contains(key); }
  std::string text(const std::string& key);
  int64_t integer(const std::string& key);
  double real(const std::string& key);
  bool boolean(const std::string& key);
  std::optional<int64_t> optional_integer(const std::string& key);
  std::optional<double> optional_real(const std::string& key);
  /// Comma-separated reals.
  std::vector<double> reals(const std::string& key);
  void finish() const;

 private:
  /// True (and `key` used) when the map sets `key` to "none".
  bool unset(const std::string& key);
  [[noreturn]] void fail(const std::string& key, const std::string& value,
                         const std::string& expected) const;
  std::string kind_;
  OptionMap map_;
  std::vector<std::string> used_;
};

/// Sets option `field` of `options` from the reader when the map has it.
#define NNAUDIO_READ_OPTION(options, reader, field, getter) \
  if ((reader).has(#field)) (options).field((reader).getter(#field))

/// A registered tensor of a module and the member that forward() reads it from.
struct Slot {
  std::string name;
  torch::Tensor* member;
  /// The module reads this tensor through a handle the bindings cannot reach (a private
  /// member): `member` is another handle of the same tensor, whose data is replaced instead.
  /// Only for buffers; see python/README.md for what that costs.
  bool shared_data = false;
};

/// What one call of nnaudio::run asks for.
struct Call {
  std::string method;  ///< "forward", "inverse" or "features"
  torch::Tensor input;
  std::optional<std::string> output_format;
  std::optional<std::string> normalization;
  std::optional<int64_t> length;
  std::optional<bool> onesided;
  /// A number the method takes: TimeStretch's rate, the masks' value.
  std::optional<double> value;
};

/// One transform kind: builds its module(s) and runs a call on them. A transform may keep
/// variants of its module (another output format, say) that share the state of the first.
class Transform {
 public:
  virtual ~Transform() = default;
  /// The module whose registered tensors are the state.
  virtual torch::nn::Module& module() = 0;
  /// Every member of `module` that may hold a registered tensor, named as registered.
  virtual std::vector<Slot> slots(torch::nn::Module& module) = 0;
  /// Runs `call` with the members already pointing at the state. May call bind() for a
  /// variant module before using it.
  virtual std::vector<torch::Tensor> run(const Call& call) = 0;

  /// Points the members of `module` at `state` (in the order of the first module's state).
  void bind(torch::nn::Module& module);
  /// Forgets the tensors a freshly built variant registered (the state is the first module's).
  void release(torch::nn::Module& module);

  /// Set by Engine for the duration of a call.
  const std::vector<torch::Tensor>* state = nullptr;
  std::vector<std::string> state_names;
  std::vector<torch::nn::Module*> bound;
};

/// Points every member of the modules bound by a call back at nothing when the call ends, so
/// that the engine holds no tensor between calls.
void unbind_all(Transform& transform);

using TransformMaker = std::unique_ptr<Transform> (*)(OptionReader& options);

/// Registers how to build the Transform of `kind` ("STFT", "MelSpectrogram", ...); each source
/// file registers its kinds when the library is loaded. Returns true.
bool register_transform(const std::string& kind, TransformMaker maker);

/// Builds the Transform of a registered `kind` from its options.
std::unique_ptr<Transform> make_transform(const std::string& kind, OptionReader& options);

/// The custom class nnaudio.Engine.
///
/// A call is a function of the engine's options, the state tensors it is given and its input:
/// it runs on a Transform of its own, taken from a pool of idle ones (a new one is built when
/// every one is busy), so calls from several threads, or from DataParallel replicas on several
/// devices, compute at once without sharing a C++ module. The pool's lock is held only to take
/// and return a Transform.
class Engine : public torch::CustomClassHolder {
 public:
  Engine(std::string kind, OptionMap options);

  const std::string& kind() const { return kind_; }
  const OptionMap& options() const { return options_; }
  std::vector<std::string> state_names() const { return state_names_; }
  /// Whether each state tensor is a parameter (trainable) rather than a buffer.
  std::vector<bool> trainable() const { return trainable_; }
  /// The tensors the module built, once; later calls get an empty list.
  std::vector<torch::Tensor> take_initial_state();
  /// The C++ module's description (pretty_print, children included).
  std::string describe() const { return description_; }
  /// How many Transforms the pool holds (idle or not): the most calls that ran at once.
  int64_t transforms_built() const;
  /// What building the module warned about (Python issues them as UserWarning).
  std::vector<std::string> warnings() const { return warnings_; }

  std::vector<torch::Tensor> run(Call call, const std::vector<torch::Tensor>& state);

  /// A Transform built from the options, its registered tensors released (the state comes
  /// with each call): the pool's, and one a stream keeps for itself (stream.cpp).
  std::unique_ptr<Transform> build_transform();

 private:
  std::unique_ptr<Transform> take_transform();
  void return_transform(std::unique_ptr<Transform> transform);

  std::string kind_;
  OptionMap options_;
  std::vector<std::string> state_names_;
  std::vector<bool> trainable_;
  std::vector<torch::Tensor> initial_state_;
  std::string description_;
  std::vector<std::string> warnings_;
  mutable std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Transform>> idle_;
  int64_t built_ = 0;
};

/// Runs `body`, turning std::invalid_argument (what the kernel builders throw) into
/// c10::ValueError so that Python raises ValueError; the message gets "kind: " in front unless
/// it names the transform already.
template <typename Body>
auto value_errors(const std::string& kind, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    C10_THROW_ERROR(ValueError, message.rfind(kind, 0) == 0 ? message : kind + ": " + message);
  }
}

}  // namespace nnaudio::python
