// The custom class nnaudio.Stream: an nnaudio::Stream over a module of an Engine's kind and
// options, computed with the state tensors of the Python layer at each call (as Engine::run
// does), so that trained kernels stream as they are and autograd reaches them.

#include <torch/custom_class.h>
#include <torch/torch.h>

#include <nnaudio/modules/cqt.h>
#include <nnaudio/streaming/stream.h>

#include <memory>
#include <vector>

#include "engine.h"

namespace nnaudio::python {
namespace {

// The stream's own module, set to compute what the layer's forward asks of it: the CQT layers
// pass their output format and normalisation with every call instead of building them in.
std::shared_ptr<torch::nn::Module> configured(Transform& transform,
                                              const c10::optional<std::string>& output_format,
                                              const c10::optional<std::string>& normalization) {
  auto module = transform.module().shared_from_this();
  if (!output_format && !normalization) return module;
  const auto cqt = std::dynamic_pointer_cast<CQTImpl>(module);
  TORCH_CHECK_VALUE(cqt != nullptr, "Stream: output_format and normalization apply to CQT only");
  if (output_format) cqt->options.output_format(parse_output_format(*output_format));
  if (normalization) cqt->options.normalization_type(parse_cqt_normalization(*normalization));
  return module;
}

class StreamHandle : public torch::CustomClassHolder {
 public:
  StreamHandle(const c10::intrusive_ptr<Engine>& engine, c10::optional<std::string> output_format,
               c10::optional<std::string> normalization)
      : kind_(engine->kind()),
        state_count_(static_cast<int64_t>(engine->state_names().size())),
        transform_(engine->build_transform()),
        stream_(value_errors(
            kind_, [&] { return Stream(configured(*transform_, output_format, normalization)); })) {
  }

  torch::Tensor push(torch::Tensor chunk, std::vector<torch::Tensor> state) {
    // The module is bound to the state only during the call, so the stream cannot see its
    // device: checked here, before the chunk changes the stream.
    TORCH_CHECK_VALUE(!chunk.defined() || state.empty() || chunk.device() == state[0].device(),
                      kind_, ": the chunk is on ", chunk.device(), " but the module is on ",
                      state[0].device());
    return with_state(state, [&] { return stream_.push(chunk); });
  }
  torch::Tensor flush(std::vector<torch::Tensor> state) {
    return with_state(state, [&] { return stream_.flush(); });
  }
  void reset() { stream_.reset(); }
  int64_t latency() const { return stream_.latency(); }
  std::vector<torch::Tensor> state() const { return stream_.state(); }
  void load_state(std::vector<torch::Tensor> state) {
    value_errors(kind_, [&] { stream_.load_state(state); });
  }

 private:
  template <typename Body>
  torch::Tensor with_state(const std::vector<torch::Tensor>& state, Body&& body) {
    TORCH_CHECK_VALUE(static_cast<int64_t>(state.size()) == state_count_, kind_, ": got ",
                      state.size(), " state tensors, expected ", state_count_);
    struct Unbind {
      Transform& transform;
      ~Unbind() { unbind_all(transform); }
    } unbind{*transform_};
    transform_->state = &state;
    transform_->bound.clear();
    transform_->bind(transform_->module());
    return value_errors(kind_, body);
  }

  std::string kind_;
  int64_t state_count_;
  std::unique_ptr<Transform> transform_;
  Stream stream_;
};

}  // namespace

TORCH_LIBRARY_FRAGMENT(nnaudio, m) {
  m.class_<StreamHandle>("Stream")
      .def(torch::init<c10::intrusive_ptr<Engine>, c10::optional<std::string>,
                       c10::optional<std::string>>())
      .def("push", &StreamHandle::push)
      .def("flush", &StreamHandle::flush)
      .def("reset", &StreamHandle::reset)
      .def("latency", &StreamHandle::latency)
      .def("state", &StreamHandle::state)
      .def("load_state", &StreamHandle::load_state);
}

}  // namespace nnaudio::python
