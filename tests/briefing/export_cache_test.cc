// Kept renderings: found by package, etag, language and format; any other
// etag is another key; the bound in bytes drops the least recently used.
#include "services/briefing/export_cache.h"

#include <gtest/gtest.h>

namespace summit::briefing {
namespace {

v1::BriefingPackage Package(const std::string& etag) {
  v1::BriefingPackage p;
  p.set_name("summits/s/briefingPackages/p1");
  p.set_etag(etag);
  return p;
}

v1::BriefingDocument Document(size_t bytes, char fill = 'x') {
  v1::BriefingDocument d;
  d.set_content(std::string(bytes, fill));
  return d;
}

TEST(ExportCache, FindsOnlyTheSamePackageEtagLanguageAndFormat) {
  ExportCache cache;
  const std::string key = ExportCache::Key(Package("\"v1\""), "ko", v1::DOCUMENT_FORMAT_PDF);
  cache.Put(key, Document(10, 'k'));
  ASSERT_TRUE(cache.Get(key).has_value());
  EXPECT_EQ(cache.Get(key)->content(), std::string(10, 'k'));
  EXPECT_FALSE(cache.Get(ExportCache::Key(Package("\"v2\""), "ko", v1::DOCUMENT_FORMAT_PDF)));
  EXPECT_FALSE(cache.Get(ExportCache::Key(Package("\"v1\""), "ru", v1::DOCUMENT_FORMAT_PDF)));
  EXPECT_FALSE(cache.Get(ExportCache::Key(Package("\"v1\""), "ko", v1::DOCUMENT_FORMAT_HTML)));
}

TEST(ExportCache, DropsTheLeastRecentlyUsedPastItsBound) {
  const auto key = [](const char* language) {
    return ExportCache::Key(Package("\"v1\""), language, v1::DOCUMENT_FORMAT_PDF);
  };
  ExportCache cache(/*max_bytes=*/1000);
  cache.Put(key("en"), Document(400));
  cache.Put(key("ko"), Document(400));
  ASSERT_TRUE(cache.Get(key("en")));  // now more recent than ko
  cache.Put(key("ru"), Document(400));
  EXPECT_TRUE(cache.Get(key("en")));
  EXPECT_FALSE(cache.Get(key("ko")));
  EXPECT_TRUE(cache.Get(key("ru")));
  EXPECT_LE(cache.bytes(), 1000u);
  cache.Put(key("kk"), Document(5000));  // larger than the bound: not kept
  EXPECT_FALSE(cache.Get(key("kk")));
  EXPECT_TRUE(cache.Get(key("ru")));
}

}  // namespace
}  // namespace summit::briefing
