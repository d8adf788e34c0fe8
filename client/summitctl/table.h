#pragma once
// Plain-text tables for people: columns padded by display width, so Hangul
// (two columns per syllable) and Cyrillic line up in a terminal.

#include <ostream>
#include <string>
#include <vector>

namespace summit::ctl {

// Terminal columns a UTF-8 string takes.
size_t DisplayWidth(const std::string& utf8);

class Table final {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void Print(std::ostream& out) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace summit::ctl
