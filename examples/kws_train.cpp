// kws_train DATASET [--frozen | --trainable-mel | --trainable] [--steps N] [--seed S]
//
// Keyword spotting in C++: python/examples/kws_espeak.py's model and training. Reads a dataset
// written by python/examples/make_kws_dataset.py (words.txt, manifest.tsv, 16 kHz mono clips of
// one second), trains nnaudio::MelSpectrogram (frozen, its filter bank trained, or its filter
// bank and STFT kernels trained) under a small CNN with torch::optim::Adam, and prints the
// accuracy on the test voices.

#include <nnaudio/nnaudio.h>
#include <sndfile.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr const char* kUsage =
    "usage: kws_train DATASET [--frozen | --trainable-mel | --trainable] [--steps N] "
    "[--seed S]\n"
    "  DATASET          a folder written by python/examples/make_kws_dataset.py\n"
    "  --frozen         keep the mel filter bank and STFT kernels fixed\n"
    "  --trainable-mel  train the filter bank only\n"
    "  --trainable      train the filter bank and STFT kernels (the default)\n"
    "  --steps N        Adam steps of 16 clips (default 100)\n"
    "  --seed S         seed of the initial weights and the shuffling (default 0)\n";

constexpr int64_t kRate = 16000;
constexpr int64_t kBatch = 16;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Arguments {
  std::filesystem::path dataset;
  std::string front_end = "all";  ///< frozen, mel or all
  int64_t steps = 100;
  uint64_t seed = 0;
};

int64_t parse_count(const std::string& text, const char* name) {
  std::size_t used = 0;
  long long value = -1;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < 0) {
    throw UsageError(std::string(name) + "='" + text + "' must be a non-negative integer");
  }
  return value;
}

Arguments parse_arguments(int argc, char** argv) {
  Arguments arguments;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--frozen") {
      arguments.front_end = "frozen";
    } else if (argument == "--trainable-mel") {
      arguments.front_end = "mel";
    } else if (argument == "--trainable") {
      arguments.front_end = "all";
    } else if ((argument == "--steps" || argument == "--seed") && i + 1 < argc) {
      const int64_t value = parse_count(argv[++i], argument.c_str());
      if (argument == "--steps") {
        arguments.steps = value;
      } else {
        arguments.seed = static_cast<uint64_t>(value);
      }
    } else if (argument.rfind("--", 0) == 0) {
      throw UsageError("unknown or incomplete option " + argument);
    } else {
      positional.push_back(argument);
    }
  }
  if (positional.size() != 1) {
    throw UsageError("expected one DATASET folder");
  }
  arguments.dataset = positional[0];
  return arguments;
}

/// A one-second 16 kHz mono clip as float32 (kRate) in [-1, 1), as libsndfile scales PCM.
torch::Tensor read_clip(const std::filesystem::path& path) {
  SF_INFO info{};
  std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> file(sf_open(path.c_str(), SFM_READ, &info),
                                                   sf_close);
  if (!file) {
    throw std::runtime_error("cannot read " + path.string() + ": " + sf_strerror(nullptr));
  }
  if (info.samplerate != kRate || info.channels != 1 || info.frames != kRate) {
    throw std::runtime_error(path.string() + ": expected one second of 16 kHz mono audio");
  }
  auto clip = torch::empty({kRate}, torch::kFloat32);
  if (sf_readf_float(file.get(), clip.data_ptr<float>(), kRate) != kRate) {
    throw std::runtime_error("cannot read samples from " + path.string());
  }
  return clip;
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream stream(path);
  if (!stream) {
    throw std::runtime_error("cannot open " + path.string());
  }
  std::vector<std::string> lines;
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

struct Split {
  torch::Tensor clips;   ///< float32 (n, kRate)
  torch::Tensor labels;  ///< int64 (n): line indices in words.txt
};

/// The clips of `split` ("train" or "test") listed in DATASET/manifest.tsv.
Split load_split(const std::filesystem::path& dataset, const std::vector<std::string>& words,
                 const std::string& split) {
  std::vector<torch::Tensor> clips;
  std::vector<int64_t> labels;
  for (const auto& line : read_lines(dataset / "manifest.tsv")) {
    std::istringstream fields(line);
    std::string row_split, word, path;
    std::getline(fields, row_split, '\t');
    std::getline(fields, word, '\t');
    std::getline(fields, path);
    if (row_split != split) {
      continue;
    }
    const auto found = std::find(words.begin(), words.end(), word);
    if (found == words.end()) {
      throw std::runtime_error("manifest.tsv: '" + word + "' is not in words.txt");
    }
    clips.push_back(read_clip(dataset / path));
    labels.push_back(found - words.begin());
  }
  if (clips.empty()) {
    throw std::runtime_error("manifest.tsv lists no " + split + " clips");
  }
  return {torch::stack(clips), torch::tensor(labels, torch::kInt64)};
}

/// kws_espeak.py's KeywordSpotter: mel power in decibels, three conv blocks with batch norm,
/// global max pooling, a linear layer.
class KeywordSpotterImpl : public torch::nn::Module {
 public:
  KeywordSpotterImpl(int64_t keywords, const std::string& front_end)
      : mel(nnaudio::MelSpectrogramOptions(kRate)
                .n_fft(512)
                .hop_length(320)
                .n_mels(40)
                .fmax(8000.0)
                .pad_mode(nnaudio::PadMode::Constant)
                .trainable_mel(front_end != "frozen")
                .trainable_STFT(front_end == "all")),
        to_db(nnaudio::AmplitudeToDBOptions().top_db(80.0)) {
    register_module("mel", mel);
    register_module("to_db", to_db);
    int64_t inputs = 1;
    for (const int64_t outputs : {16, 32, 64}) {
      net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(inputs, outputs, 3).padding(1)));
      net->push_back(torch::nn::BatchNorm2d(outputs));
      net->push_back(torch::nn::ReLU());
      net->push_back(torch::nn::MaxPool2d(2));
      inputs = outputs;
    }
    net->push_back(torch::nn::AdaptiveMaxPool2d(1));
    net->push_back(torch::nn::Flatten());
    net->push_back(torch::nn::Linear(64, keywords));
    register_module("net", net);
  }

  /// (batch, kRate) -> (batch, keywords) logits.
  torch::Tensor forward(const torch::Tensor& audio) {
    // Decibels clamp at amin: a trained bank may give small negative powers.
    const auto log_mel = to_db(mel(audio)) / 20.0;  // (batch, 40, 51)
    return net->forward(log_mel.unsqueeze(1));
  }

  nnaudio::MelSpectrogram mel;
  nnaudio::AmplitudeToDB to_db;
  torch::nn::Sequential net;
};
TORCH_MODULE(KeywordSpotter);

double accuracy(KeywordSpotter& model, const Split& split) {
  torch::NoGradGuard no_grad;
  model->eval();
  const auto predicted = model->forward(split.clips).argmax(1);
  model->train();
  return predicted.eq(split.labels).to(torch::kFloat64).mean().item<double>();
}

int run(const Arguments& arguments) {
  const auto words = read_lines(arguments.dataset / "words.txt");
  const auto train_split = load_split(arguments.dataset, words, "train");
  const auto test_split = load_split(arguments.dataset, words, "test");
  torch::manual_seed(arguments.seed);
  auto generator = at::detail::createCPUGenerator(arguments.seed);
  KeywordSpotter model(static_cast<int64_t>(words.size()), arguments.front_end);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(3e-3));

  const int64_t train_size = train_split.labels.size(0);
  auto order = torch::randperm(train_size, generator);
  int64_t position = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int64_t step = 0; step < arguments.steps; ++step) {
    if (position + kBatch > train_size) {  // epoch over: a new shuffle
      order = torch::randperm(train_size, generator);
      position = 0;
    }
    const auto chosen = order.slice(0, position, position + kBatch);
    position += kBatch;
    const auto loss = torch::nn::functional::cross_entropy(
        model->forward(train_split.clips.index_select(0, chosen)),
        train_split.labels.index_select(0, chosen));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if ((step + 1) % 25 == 0) {
      std::printf("step %4lld  loss %.3f\n", static_cast<long long>(step + 1), loss.item<double>());
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("test accuracy %.3f  (front end %s, %lld steps of %lld, %.1f s)\n",
              accuracy(model, test_split), arguments.front_end.c_str(),
              static_cast<long long>(arguments.steps), static_cast<long long>(kBatch), seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_arguments(argc, argv));
  } catch (const UsageError& error) {
    std::cerr << "kws_train: " << error.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "kws_train: " << error.what() << "\n";
    return 1;
  }
}
