#include "services/server/service_catalog.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/briefing/briefing_module.h"
#include "services/directory/directory_module.h"
#include "services/feed/feed_module.h"
#include "services/meetings/meetings_module.h"
#include "services/notifications/notifications_module.h"
#include "services/recommendations/recommendations_module.h"
#include "services/reviews/reviews_module.h"

namespace summit {

std::vector<ServiceModule> AllServiceModules() {
  return {directory::DirectoryModule(),
          recommendations::RecommendationsModule(),
          reviews::ReviewsModule(),
          meetings::MeetingsModule(),
          briefing::BriefingModule(),
          feed::FeedModule(),
          notifications::NotificationsModule()};
}

absl::StatusOr<std::vector<ServiceModule>> SelectServices(const std::string& spec) {
  std::vector<ServiceModule> all = AllServiceModules();
  if (spec == "all" || spec.empty()) return all;
  std::vector<ServiceModule> chosen;
  std::vector<std::string> known;
  for (const ServiceModule& m : all) known.push_back(m.name);
  for (absl::string_view raw : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    const absl::string_view name = absl::StripAsciiWhitespace(raw);
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const ServiceModule& m) { return m.name == name; });
    if (it == all.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--services: unknown service \"", name, "\"; known: all, ", absl::StrJoin(known, ", ")));
    }
    chosen.push_back(*it);
  }
  return chosen;
}

}  // namespace summit
