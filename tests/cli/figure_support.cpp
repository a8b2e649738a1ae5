#include "figure_support.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <regex>

namespace nnaudio::cli::testing {
namespace {

double attribute(const std::string& element, const std::string& name) {
  std::smatch match;
  if (!std::regex_search(element, match, std::regex(" " + name + "=\"([^\"]*)\""))) {
    ADD_FAILURE() << "no " << name << " in " << element.substr(0, 200);
    return 0;
  }
  return std::stod(match[1]);
}

std::string element(const std::string& document, const std::string& start) {
  const auto from = document.find(start);
  if (from == std::string::npos) {
    ADD_FAILURE() << "no " << start << " element";
    return {};
  }
  return document.substr(from, document.find('>', from) - from + 1);
}

}  // namespace

const SvgLabel& SvgFigure::label(const std::string& text) const {
  for (const auto& each : labels) {
    if (each.text == text) return each;
  }
  ADD_FAILURE() << "no label " << text;
  static const SvgLabel none;
  return none;
}

SvgFigure read_svg(const fs::path& path) {
  const std::string svg = read_text(path);
  SvgFigure figure;
  const std::string root = element(svg, "<svg ");
  figure.width = attribute(root, "width");
  figure.height = attribute(root, "height");
  const std::string image = element(svg, "<image ");
  figure.plot_x = attribute(image, "x");
  figure.plot_y = attribute(image, "y");
  figure.plot_width = attribute(image, "width");
  figure.plot_height = attribute(image, "height");
  const std::string bar = element(svg, "<rect class=\"colour-bar\"");
  figure.low = attribute(bar, "data-low");
  figure.high = attribute(bar, "data-high");
  const std::regex text("<text x=\"([^\"]*)\" y=\"([^\"]*)\"[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator();
       ++it) {
    figure.labels.push_back({std::stod((*it)[1]), std::stod((*it)[2]), (*it)[3]});
  }
  return figure;
}

bool svg_parses(const fs::path& path) {
  const auto result = run_command(
      "/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; "
      "sys.exit(E.parse(sys.argv[1]).getroot().tag != \"{http://www.w3.org/2000/svg}svg\")' " +
      shell_quote(path.string()));
  return result.status == 0;
}

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, got);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace nnaudio::cli::testing
