#include "services/recommendations/sql/list_statement.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_json.h"
#include "services/recommendations/sql/queries.h"

namespace summit::recommendations::sql {
namespace {

// Builds the WHERE clause and its arguments side by side, so a condition and
// the number of its parameter cannot drift apart. A filter's condition sets
// its bit of the statement's shape, which names the statement.
class Conditions {
 public:
  explicit Conditions(std::vector<std::string>* arguments) : arguments_(arguments) {}

  // The next parameter, `$n`, bound to `value`.
  std::string Bind(std::string value) {
    arguments_->push_back(std::move(value));
    return absl::StrCat("$", arguments_->size());
  }
  // A condition every row must meet; `bit`, when set, marks it in the shape.
  void Add(absl::string_view condition, std::optional<int> bit = std::nullopt) {
    if (bit) shape_ |= 1u << *bit;
    absl::StrAppend(&sql_, " AND ", condition);
  }
  const std::string& sql() const { return sql_; }
  unsigned shape() const { return shape_; }

 private:
  std::vector<std::string>* arguments_;
  std::string sql_;
  unsigned shape_ = 0;
};

// The bits of a statement's shape.
enum Bit {
  kSeesSubmitted,
  kTrack,
  kState,
  kOrganization,
  kAuthor,
  kCountry,
  kUpdatedAfter,
  kRareShortTerm,
};

}  // namespace

ListStatement BuildListStatement(const ListFilters& f) {
  ListStatement out;
  Conditions where(&out.arguments);
  const std::string summit = where.Bind(f.summit);
  const std::string after = where.Bind(absl::StrCat(f.after_number));
  const std::string limit = where.Bind(absl::StrCat(f.limit));
  // The caller as a one-element jsonb array, bound once: jsonb_build_array
  // in the statement would be built again for every row.
  const std::string me = where.Bind(ToJsonArray({f.caller})) + "::jsonb";

  // What the caller may see (visibility.h says the same in C++).
  const std::string approved = "state IN ('STATE_APPROVED', 'STATE_ADOPTED')";
  if (f.sees_submitted) {
    where.Add(absl::StrCat("(state <> 'STATE_DRAFT' OR authors @> ", me, " OR draft_readers @> ",
                           me, ")"),
              kSeesSubmitted);
  } else {
    where.Add(absl::StrCat("(", approved, " OR authors @> ", me, " OR draft_readers @> ", me,
                           " OR (state <> 'STATE_DRAFT' AND (reviewers @> ", me,
                           " OR meeting_readers @> ", me, ")))"));
  }
  // A double-blind reviewer cannot find the work by who wrote it
  // (visibility.h: HidesAuthorsFrom).
  const bool by_who_wrote_it = f.organization || f.author || f.country_code;
  if (by_who_wrote_it && !f.sees_submitted) {
    where.Add(absl::StrCat("(NOT reviewers_double_blind OR ", approved, " OR authors @> ", me,
                           " OR NOT reviewers @> ", me, ")"));
  }
  if (f.track) where.Add(absl::StrCat("track = ", where.Bind(*f.track)), kTrack);
  if (f.state) where.Add(absl::StrCat("state = ", where.Bind(*f.state)), kState);
  if (f.organization) {
    where.Add(absl::StrCat("owner_organization = ", where.Bind(*f.organization)), kOrganization);
  }
  if (f.author) {
    where.Add(absl::StrCat("authors @> ", where.Bind(ToJsonArray({*f.author})), "::jsonb"),
              kAuthor);
  }
  if (f.country_code) {
    where.Add(absl::StrCat("owner_country = ", where.Bind(*f.country_code)), kCountry);
  }
  if (f.updated_after_micros) {
    where.Add(absl::StrCat("update_time >= to_timestamp(",
                           where.Bind(absl::StrCat(*f.updated_after_micros)), "::bigint / 1e6)"),
              kUpdatedAfter);
  }
  // Each term as a plain LIKE, which the trigram index can serve.
  for (const std::string& pattern : f.term_patterns) {
    where.Add(absl::StrCat("search_text LIKE lower(", where.Bind(pattern), ")"));
  }
  // A rare term of one or two characters, through the index of short pieces
  // (too short for trigrams; migration 0006).
  if (f.rare_short_term) {
    where.Add(absl::StrCat("recommendations.short_grams(search_text) @> ARRAY[lower(",
                           where.Bind(*f.rare_short_term), "::text)]"),
              kRareShortTerm);
  }
  // PostgreSQL prices a generic plan's `LIMIT $n` as a tenth of the table,
  // so a statement so written is planned afresh for each call, its values
  // in view. That is what a filtered list needs: whether walking the list
  // in order or an index of the filter is faster depends on the value (a
  // rare author, an absent search term; a generic plan that walked a million
  // rows for an absent term took over 30 s). The unfiltered list's plan does
  // not depend on its values: there an inner LIMIT of the next power of two
  // prices the generic plan as one page, and PostgreSQL keeps it. The outer
  // LIMIT is exact and pulls no more rows than it returns.
  const bool unfiltered = (where.shape() & ~(1u << kSeesSubmitted)) == 0 && f.term_patterns.empty();
  const std::string select = absl::StrCat(
      "SELECT " REC_COLUMNS " FROM recommendations.recommendations WHERE summit = ", summit,
      " AND number > ", after, where.sql(), " ORDER BY number LIMIT ");
  if (unfiltered) {
    int bucket = 1;
    while (bucket < f.limit) bucket *= 2;
    out.statement.name = absl::StrCat("rec_list_", where.shape(), "_page_", bucket);
    out.statement.sql =
        absl::StrCat("SELECT * FROM (", select, bucket, ") page ORDER BY number LIMIT ", limit);
  } else {
    out.statement.name = absl::StrCat("rec_list_", where.shape(), "_", f.term_patterns.size());
    out.statement.sql = absl::StrCat(select, limit);
  }
  return out;
}

}  // namespace summit::recommendations::sql
