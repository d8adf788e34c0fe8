#pragma once
// Serves the built web app from a folder: files by path, with their media
// type and caching (hashed assets kept a year, everything else revalidated),
// and index.html for any other GET so that the app's own routes load.

#include <httplib.h>

#include <string>

namespace summit::web {

// "text/javascript; charset=utf-8" for "app.js", …; octet-stream if unknown.
std::string MediaTypeOf(const std::string& path);

// Adds GET and HEAD of everything under `root` to `server`.
void ServeApp(httplib::Server& server, const std::string& root);

}  // namespace summit::web
