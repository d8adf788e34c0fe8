#include "services/recommendations/text_diff.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace summit::recommendations {
namespace {

enum class Op { kKeep, kDelete, kInsert };

struct Edit {
  Op op;
  int a_line;  // index in a (kKeep, kDelete)
  int b_line;  // index in b (kKeep, kInsert)
};

std::vector<absl::string_view> Lines(absl::string_view text) {
  if (text.empty()) return {};
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.back().empty()) lines.pop_back();  // a final newline ends the last line
  return lines;
}

// Shortest edit script by longest common subsequence over the part between
// the common prefix and suffix. Above kMaxCells the middle is replaced whole
// rather than spending quadratic memory.
std::vector<Edit> EditScript(const std::vector<absl::string_view>& a,
                             const std::vector<absl::string_view>& b) {
  constexpr size_t kMaxCells = 16'000'000;
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  int prefix = 0;
  while (prefix < n && prefix < m && a[prefix] == b[prefix]) ++prefix;
  int suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && a[n - 1 - suffix] == b[m - 1 - suffix]) {
    ++suffix;
  }
  const int an = n - prefix - suffix;
  const int bm = m - prefix - suffix;
  std::vector<Edit> edits;
  for (int i = 0; i < prefix; ++i) edits.push_back({Op::kKeep, i, i});
  if (static_cast<size_t>(an + 1) * (bm + 1) > kMaxCells) {
    for (int i = 0; i < an; ++i) edits.push_back({Op::kDelete, prefix + i, -1});
    for (int j = 0; j < bm; ++j) edits.push_back({Op::kInsert, -1, prefix + j});
  } else {
    // lcs[i][j]: LCS length of a[prefix+i..] and b[prefix+j..].
    std::vector<std::vector<int>> lcs(an + 1, std::vector<int>(bm + 1, 0));
    for (int i = an - 1; i >= 0; --i) {
      for (int j = bm - 1; j >= 0; --j) {
        lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1
                                                   : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0, j = 0;
    while (i < an || j < bm) {
      if (i < an && j < bm && a[prefix + i] == b[prefix + j]) {
        edits.push_back({Op::kKeep, prefix + i++, prefix + j++});
      } else if (i < an && (j == bm || lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.push_back({Op::kDelete, prefix + i++, -1});  // deletions first, as diff -u
      } else {
        edits.push_back({Op::kInsert, -1, prefix + j++});
      }
    }
  }
  for (int k = 0; k < suffix; ++k) edits.push_back({Op::kKeep, n - suffix + k, m - suffix + k});
  return edits;
}

// "start,count" as unified diffs write it (1-based; empty ranges name the
// line before).
std::string Range(int start, int count) {
  if (count == 1) return absl::StrCat(start + 1);
  return absl::StrCat(count == 0 ? start : start + 1, ",", count);
}

}  // namespace

std::string UnifiedDiff(absl::string_view a, absl::string_view b, absl::string_view from_label,
                        absl::string_view to_label, int context) {
  if (a == b) return "";
  const std::vector<absl::string_view> al = Lines(a);
  const std::vector<absl::string_view> bl = Lines(b);
  const std::vector<Edit> edits = EditScript(al, bl);
  std::string out = absl::StrCat("--- ", from_label, "\n+++ ", to_label, "\n");
  const int total = static_cast<int>(edits.size());
  int k = 0;
  while (k < total) {
    while (k < total && edits[k].op == Op::kKeep) ++k;
    if (k == total) break;
    // A hunk: from `context` keeps before the first change to `context`
    // keeps after the last change that is no more than 2*context apart.
    const int begin = std::max(0, k - context);
    int end = k;
    int keeps = 0;
    for (int x = k; x < total; ++x) {
      if (edits[x].op == Op::kKeep) {
        if (++keeps > 2 * context) break;
      } else {
        keeps = 0;
        end = x + 1;
      }
    }
    end = std::min(total, end + context);
    int a_start = -1, b_start = -1, a_count = 0, b_count = 0;
    std::string body;
    for (int x = begin; x < end; ++x) {
      const Edit& e = edits[x];
      if (e.op != Op::kInsert) {
        if (a_start < 0) a_start = e.a_line;
        ++a_count;
      }
      if (e.op != Op::kDelete) {
        if (b_start < 0) b_start = e.b_line;
        ++b_count;
      }
      const char mark = e.op == Op::kKeep ? ' ' : e.op == Op::kDelete ? '-' : '+';
      absl::StrAppend(&body, std::string(1, mark),
                      e.op == Op::kInsert ? bl[e.b_line] : al[e.a_line], "\n");
    }
    // Ranges with no lines name the position before them.
    if (a_start < 0) a_start = begin < total && edits[begin].a_line >= 0 ? edits[begin].a_line : 0;
    if (b_start < 0) b_start = begin < total && edits[begin].b_line >= 0 ? edits[begin].b_line : 0;
    absl::StrAppend(&out, "@@ -", Range(a_start, a_count), " +", Range(b_start, b_count), " @@\n",
                    body);
    k = end;
  }
  return out;
}

}  // namespace summit::recommendations
