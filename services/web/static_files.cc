#include "services/web/static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "absl/strings/match.h"

namespace summit::web {
namespace {

namespace fs = std::filesystem;

// Assets are built with a content hash in their name (assets/app-3F2A.js):
// a new build is a new name, so they can be kept for good.
constexpr char kAssetsPrefix[] = "/assets/";

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The file for a request path, only ever inside `root`.
std::optional<fs::path> Resolve(const fs::path& root, const std::string& request_path) {
  if (request_path.empty() || request_path[0] != '/' || absl::StrContains(request_path, "..") ||
      absl::StrContains(request_path, '\0')) {
    return std::nullopt;
  }
  std::error_code ec;
  const fs::path candidate = fs::weakly_canonical(root / request_path.substr(1), ec);
  if (ec) return std::nullopt;
  const std::string text = candidate.string(), base = root.string();
  if (text.compare(0, base.size(), base) != 0) return std::nullopt;
  if (!fs::is_regular_file(candidate, ec)) return std::nullopt;
  return candidate;
}

}  // namespace

std::string MediaTypeOf(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  const auto it = kTypes.find(fs::path(path).extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

void ServeApp(httplib::Server& server, const std::string& root_dir) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(root_dir, ec);
  auto handler = [root](const httplib::Request& req, httplib::Response& res) {
    std::optional<fs::path> file = Resolve(root, req.path);
    const bool asset = absl::StartsWith(req.path, kAssetsPrefix);
    // The app's own routes (/recommendations/…) load the app.
    if (!file && !asset && fs::path(req.path).extension().empty()) {
      file = Resolve(root, "/index.html");
    }
    std::optional<std::string> body = file ? ReadFile(*file) : std::nullopt;
    if (!body) {
      res.status = 404;
      res.set_content("not found\n", "text/plain; charset=utf-8");
      return;
    }
    res.set_header("Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache");
    res.set_content(*std::move(body), MediaTypeOf(file->string()));
  };
  server.Get(".*", handler);
}

}  // namespace summit::web
