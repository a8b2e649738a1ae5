#include "engine.h"

#include <nnaudio/detail/warnings.h>
#include <nnaudio/memory.h>
#include <nnaudio/version.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace nnaudio::python {

std::string OptionReader::text(const std::string& key) {
  TORCH_CHECK_VALUE(has(key), kind_, ": option ", key, " is missing");
  used_.push_back(key);
  return map_.at(key);
}

void OptionReader::fail(const std::string& key, const std::string& value,
                        const std::string& expected) const {
  C10_THROW_ERROR(ValueError, kind_ + ": " + key + "=" + value + " is not " + expected);
}

int64_t OptionReader::integer(const std::string& key) {
  const auto value = text(key);
  const auto number = parse_number<int64_t>(value);
  if (!number) fail(key, value, "an integer");
  return *number;
}

double OptionReader::real(const std::string& key) {
  const auto value = text(key);
  const auto number = parse_number<double>(value);
  if (!number) fail(key, value, "a number");
  return *number;
}

bool OptionReader::boolean(const std::string& key) {
  const auto value = text(key);
  if (value != "true" && value != "false") fail(key, value, "true or false");
  return value == "true";
}

bool OptionReader::unset(const std::string& key) {
  if (!map_.contains(key) || map_.at(key) != "none") return false;
  used_.push_back(key);
  return true;
}

std::optional<int64_t> OptionReader::optional_integer(const std::string& key) {
  return unset(key) ? std::nullopt : std::optional<int64_t>(integer(key));
}

std::optional<double> OptionReader::optional_real(const std::string& key) {
  return unset(key) ? std::nullopt : std::optional<double>(real(key));
}

std::vector<double> OptionReader::reals(const std::string& key) {
  const auto value = text(key);
  std::vector<double> out;
  std::istringstream items(value);
  for (std::string item; std::getline(items, item, ',');) {
    const auto number = parse_number<double>(item);
    if (!number) fail(key, value, "a list of numbers");
    out.push_back(*number);
  }
  return out;
}

void OptionReader::finish() const {
  for (const auto& entry : map_) {
    const auto& key = entry.key();
    TORCH_CHECK_VALUE(std::find(used_.begin(), used_.end(), key) != used_.end(), kind_,
                      ": unknown option ", key);
  }
}

void Transform::bind(torch::nn::Module& module) {
  for (const auto& slot : slots(module)) {
    const auto found = std::find(state_names.begin(), state_names.end(), slot.name);
    const auto tensor =
        found == state_names.end() ? torch::Tensor() : (*state)[found - state_names.begin()];
    if (!slot.shared_data) {
      *slot.member = tensor;
    } else if (slot.member->data_ptr() != tensor.data_ptr() ||
               slot.member->scalar_type() != tensor.scalar_type() ||
               slot.member->sizes() != tensor.sizes() ||
               slot.member->strides() != tensor.strides()) {
      // A graph recorded by an earlier call may still read this tensor: it is replaced only
      // when the state itself changed (to(), load_state_dict(assign=True), ...).
      slot.member->set_data(tensor.detach());
    }
  }
  if (std::find(bound.begin(), bound.end(), &module) == bound.end()) bound.push_back(&module);
}

void Transform::release(torch::nn::Module& module) {
  for (const auto& slot : slots(module)) {
    if (!slot.member->defined()) continue;
    // The registry of the module still holds this tensor: emptying it frees the storage that
    // the (detached) state handed to Python does not share.
    slot.member->set_data(torch::empty({0}, slot.member->options()));
    if (!slot.shared_data) *slot.member = torch::Tensor();
  }
}

void unbind_all(Transform& transform) {
  for (auto* module : transform.bound) {
    for (const auto& slot : transform.slots(*module)) {
      if (!slot.shared_data) *slot.member = torch::Tensor();
    }
  }
  transform.bound.clear();
  transform.state = nullptr;
}

namespace {

std::map<std::string, TransformMaker>& makers() {
  static std::map<std::string, TransformMaker> registry;
  return registry;
}

}  // namespace

bool register_transform(const std::string& kind, TransformMaker maker) {
  makers()[kind] = maker;
  return true;
}

std::unique_ptr<Transform> make_transform(const std::string& kind, OptionReader& options) {
  const auto found = makers().find(kind);
  if (found != makers().end()) return found->second(options);
  std::string known;
  for (const auto& entry : makers()) known += (known.empty() ? "" : ", ") + entry.first;
  C10_THROW_ERROR(ValueError, "unknown transform kind " + kind + "; this build has " + known);
}

Engine::Engine(std::string kind, OptionMap options)
    : kind_(std::move(kind)), options_(std::move(options)) {
  OptionReader reader(kind_, options_);
  std::unique_ptr<Transform> transform;
  {
    // A warning here would go to the log, which a Python user does not read: kept for Python.
    const detail::WarningRecorder recorder;
    transform = value_errors(kind_, [&] { return make_transform(kind_, reader); });
    warnings_ = recorder.messages();
  }
  reader.finish();

  auto& module = transform->module();
  const auto parameters = module.named_parameters();
  const auto buffers = module.named_buffers();
  for (const auto& slot : transform->slots(module)) {
    if (!slot.member->defined()) continue;
    const bool trainable = parameters.contains(slot.name);
    TORCH_INTERNAL_ASSERT(trainable || buffers.contains(slot.name), kind_, ": member ", slot.name,
                          " is not a registered tensor");
    state_names_.push_back(slot.name);
    trainable_.push_back(trainable);
    initial_state_.push_back(slot.member->detach());
  }
  TORCH_INTERNAL_ASSERT(initial_state_.size() == parameters.size() + buffers.size(), kind_,
                        ": the module registers tensors that the bindings do not pass");
  std::ostringstream description;
  module.pretty_print(description);
  description_ = description.str();
  transform->state_names = state_names_;
  transform->release(module);
  idle_.push_back(std::move(transform));
  built_ = 1;
}

std::unique_ptr<Transform> Engine::build_transform() {
  OptionReader reader(kind_, options_);
  const detail::WarningRecorder recorder;  // the first build's warnings were reported already
  auto transform = value_errors(kind_, [&] { return make_transform(kind_, reader); });
  transform->state_names = state_names_;
  transform->release(transform->module());
  return transform;
}

std::unique_ptr<Transform> Engine::take_transform() {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_.empty()) {
      auto transform = std::move(idle_.back());
      idle_.pop_back();
      return transform;
    }
    ++built_;
  }
  return build_transform();  // outside the lock: building kernels may take a while
}

void Engine::return_transform(std::unique_ptr<Transform> transform) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  idle_.push_back(std::move(transform));
}

int64_t Engine::transforms_built() const {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  return built_;
}

std::vector<torch::Tensor> Engine::take_initial_state() {
  return std::exchange(initial_state_, {});
}

std::vector<torch::Tensor> Engine::run(Call call, const std::vector<torch::Tensor>& state) {
  TORCH_CHECK_VALUE(state.size() == state_names_.size(), kind_, ": got ", state.size(),
                    " state tensors, expected ", state_names_.size());
  for (size_t i = 0; i < state.size(); ++i) {
    TORCH_CHECK_VALUE(state[i].defined(), kind_, ": state tensor ", state_names_[i],
                      " is undefined");
    // A module moved with .to('meta') has shapes but no values to compute with.
    TORCH_CHECK_VALUE(!state[i].is_meta(), kind_, ": state tensor ", state_names_[i],
                      " is on the meta device, which holds no values; build the module on cpu "
                      "or cuda, or use to_empty(device=...) and load_state_dict first");
  }
  // This call's own Transform: its members point at `state` while it runs and at nothing
  // afterwards (the engine keeps no tensor between calls); then it goes back to the pool.
  struct Lease {
    Engine& engine;
    std::unique_ptr<Transform> transform;
    ~Lease() {
      unbind_all(*transform);
      engine.return_transform(std::move(transform));
    }
  } lease{*this, take_transform()};
  Transform& transform = *lease.transform;
  transform.state = &state;
  transform.bound.clear();
  transform.bind(transform.module());
  return value_errors(kind_, [&] { return transform.run(call); });
}

namespace {

std::vector<torch::Tensor> run_op(const c10::intrusive_ptr<Engine>& engine, std::string method,
                                  torch::Tensor input, std::vector<torch::Tensor> state,
                                  c10::optional<std::string> output_format,
                                  c10::optional<std::string> normalization,
                                  c10::optional<int64_t> length, c10::optional<bool> onesided,
                                  c10::optional<double> value) {
  Call call;
  call.method = std::move(method);
  call.input = std::move(input);
  if (output_format) call.output_format = *output_format;
  if (normalization) call.normalization = *normalization;
  if (length) call.length = *length;
  if (onesided) call.onesided = *onesided;
  if (value) call.value = *value;
  return engine->run(std::move(call), state);
}

using EngineState = std::tuple<std::string, OptionMap>;

}  // namespace

TORCH_LIBRARY(nnaudio, m) {
  m.class_<Engine>("Engine")
      .def(torch::init<std::string, OptionMap>())
      .def("kind", [](const c10::intrusive_ptr<Engine>& self) { return self->kind(); })
      .def("state_names",
           [](const c10::intrusive_ptr<Engine>& self) { return self->state_names(); })
      .def("trainable",
           [](const c10::intrusive_ptr<Engine>& self) {
             c10::List<bool> flags;
             for (const bool flag : self->trainable()) flags.push_back(flag);
             return flags;
           })
      .def("take_initial_state",
           [](const c10::intrusive_ptr<Engine>& self) { return self->take_initial_state(); })
      .def("describe", [](const c10::intrusive_ptr<Engine>& self) { return self->describe(); })
      .def("warnings",
           [](const c10::intrusive_ptr<Engine>& self) {
             c10::List<std::string> messages;
             for (const auto& message : self->warnings()) messages.push_back(message);
             return messages;
           })
      .def("transforms_built",
           [](const c10::intrusive_ptr<Engine>& self) { return self->transforms_built(); })
      .def_pickle(
          [](const c10::intrusive_ptr<Engine>& self) -> EngineState {
            return {self->kind(), self->options()};
          },
          [](EngineState state) {
            return c10::make_intrusive<Engine>(std::get<0>(state), std::get<1>(state));
          });
  m.def(
      "run(__torch__.torch.classes.nnaudio.Engine engine, str method, Tensor input, "
      "Tensor[] state, str? output_format=None, str? normalization=None, int? length=None, "
      "bool? onesided=None, float? value=None) -> Tensor[]",
      run_op);
  // nnaudio/memory.h's process-wide limit on what one call may allocate.
  m.def("set_max_call_bytes(int bytes) -> ()", [](int64_t bytes) {
    value_errors("set_max_call_bytes", [&] { nnaudio::set_max_call_bytes(bytes); });
  });
  m.def("max_call_bytes() -> int", []() { return nnaudio::max_call_bytes(); });
  // NNAUDIO_VERSION_STRING of the C++ library these operators were built from.
  m.def("version() -> str", []() { return std::string(NNAUDIO_VERSION_STRING); });
}

}  // namespace nnaudio::python
