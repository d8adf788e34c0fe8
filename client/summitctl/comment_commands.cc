// summitctl comment ...: discussion threads on a recommendation.
#include <iostream>
#include <map>

#include "absl/strings/str_cat.h"
#include "client/summitctl/command_support.h"
#include "client/summitctl/commands.h"

namespace summit::ctl {
namespace {

namespace wv1 = reviews::v1;
using C = wv1::Comment;

constexpr char kAudiences[] = "authors, reviewers, all or coordinators";

// The text from --text or --file (- for stdin); one of them is needed.
std::string Body(const std::string& text, const std::string& file) {
  if (!file.empty()) return ReadTextFile("--file", file);
  if (text.empty()) throw CommandError("give the comment with --text or --file", 2);
  return text;
}

// "Reviewer 1", or "Author: Әлия Бекова (people/aliya)" when the caller may know.
std::string Writer(Session& s, const C& c) {
  if (c.author().empty()) return c.author_label();
  return absl::StrCat(c.author_label(), ": ", s.Person(c.author()));
}

std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

void PrintComment(Session& s, const C& c, int depth) {
  const std::string indent(static_cast<size_t>(depth) * 4, ' ');
  std::cout << indent << (depth ? "↳ " : "") << "[" << Id(c.name()) << "] " << Writer(s, c) << " · "
            << EnumLabel(c.audience()) << " · " << FormatTime(c.create_time());
  if (c.revision() > 1) std::cout << " · edited";
  std::cout << "\n";
  const std::string body = c.state() == C::STATE_DELETED ? "(deleted)" : c.body();
  size_t start = 0;
  while (start <= body.size()) {
    const size_t end = body.find('\n', start);
    std::cout << indent << "  " << body.substr(start, end - start) << "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

void PrintOne(Session& s, const C& c) {
  PrintResource(s, c,
                {{"name", c.name()},
                 {"thread", c.thread()},
                 {"reply to", c.reply_to()},
                 {"audience", EnumLabel(c.audience())},
                 {"cycle", c.review_cycle()},
                 {"by", Writer(s, c)},
                 {"state", EnumLabel(c.state())},
                 {"revision", absl::StrCat(c.revision())},
                 {"text", c.body()},
                 {"etag", c.etag()}});
}

}  // namespace

void AddCommentCommands(CLI::App& app, Session& session) {
  CLI::App* comment = app.add_subcommand("comment", "Discussion threads on a recommendation");
  comment->require_subcommand(1);

  auto* add = comment->add_subcommand("add", "Start a thread");
  static std::string a_rec, a_audience, a_cycle, a_text, a_file;
  add->add_option("recommendation", a_rec, "summits/{id}/recommendations/{id}")->required();
  add->add_option("--audience", a_audience, kAudiences)->required();
  add->add_option("--cycle", a_cycle, "…/reviewCycles/{id}: for reviewers and all");
  add->add_option("--text", a_text, "The comment (Markdown)");
  add->add_option("--file", a_file, "The comment from a file; - for stdin");
  add->callback([&session] {
    wv1::CreateCommentRequest req;
    req.set_parent(a_rec);
    req.mutable_comment()->set_audience(ParseEnum<C::Audience>(
        "--audience", "AUDIENCE_", a_audience, C::Audience_Parse, kAudiences));
    req.mutable_comment()->set_review_cycle(a_cycle);
    req.mutable_comment()->set_body(Body(a_text, a_file));
    req.set_request_id(NewRequestId());
    C out;
    session.Check(
        session.Reviews()->CreateComment(session.connection().Context().get(), req, &out));
    PrintOne(session, out);
  });

  auto* reply = comment->add_subcommand("reply", "Answer a comment, in its thread");
  static std::string r_name, r_text, r_file;
  reply->add_option("comment", r_name, "…/comments/{id}")->required();
  reply->add_option("--text", r_text, "The reply (Markdown)");
  reply->add_option("--file", r_file, "The reply from a file; - for stdin");
  reply->callback([&session] {
    wv1::CreateCommentRequest req;
    req.set_parent(r_name.substr(0, r_name.find("/comments/")));
    req.mutable_comment()->set_reply_to(r_name);
    req.mutable_comment()->set_body(Body(r_text, r_file));
    req.set_request_id(NewRequestId());
    C out;
    session.Check(
        session.Reviews()->CreateComment(session.connection().Context().get(), req, &out));
    PrintOne(session, out);
  });

  auto* list = comment->add_subcommand("list", "The threads you may read, replies indented");
  static std::string l_rec;
  list->add_option("recommendation", l_rec, "summits/{id}/recommendations/{id}")->required();
  list->callback([&session] {
    wv1::ListCommentsRequest req;
    req.set_parent(l_rec);
    const auto out = AllPages<wv1::ListCommentsRequest, wv1::ListCommentsResponse>(
        session, req, [&](auto* ctx, const auto& r, auto* o) {
          return session.Reviews()->ListComments(ctx, r, o);
        });
    if (session.json()) return PrintJson(out);
    if (out.comments().empty()) std::cout << "(no comments you may read)\n";
    std::map<std::string, int> depth;  // by comment
    for (const C& c : out.comments()) {
      auto parent = depth.find(c.reply_to());
      depth[c.name()] = parent == depth.end() ? 0 : parent->second + 1;
      PrintComment(session, c, depth[c.name()]);
    }
  });

  auto* edit = comment->add_subcommand("edit", "Rewrite your comment (earlier texts are kept)");
  static std::string e_name, e_text, e_file, e_etag;
  edit->add_option("comment", e_name, "…/comments/{id}")->required();
  edit->add_option("--text", e_text, "The new text");
  edit->add_option("--file", e_file, "The new text from a file; - for stdin");
  edit->add_option("--etag", e_etag, "Refuse if the comment changed since this etag");
  edit->callback([&session] {
    wv1::UpdateCommentRequest req;
    req.mutable_comment()->set_name(e_name);
    req.mutable_comment()->set_body(Body(e_text, e_file));
    req.set_etag(e_etag);
    C out;
    session.Check(
        session.Reviews()->UpdateComment(session.connection().Context().get(), req, &out));
    PrintOne(session, out);
  });

  auto* del = comment->add_subcommand("delete", "Hide a comment's text (it keeps its place)");
  static std::string d_name, d_etag;
  del->add_option("comment", d_name, "…/comments/{id}")->required();
  del->add_option("--etag", d_etag, "Refuse if the comment changed since this etag");
  del->callback([&session] {
    wv1::DeleteCommentRequest req;
    req.set_name(d_name);
    req.set_etag(d_etag);
    C out;
    session.Check(
        session.Reviews()->DeleteComment(session.connection().Context().get(), req, &out));
    PrintOne(session, out);
  });

  auto* history = comment->add_subcommand("history", "Every text of a comment, first to current");
  static std::string h_name;
  history->add_option("comment", h_name, "…/comments/{id}")->required();
  history->callback([&session] {
    wv1::ListCommentRevisionsRequest req;
    req.set_parent(h_name);
    wv1::ListCommentRevisionsResponse out;
    session.Check(
        session.Reviews()->ListCommentRevisions(session.connection().Context().get(), req, &out));
    if (session.json()) return PrintJson(out);
    for (const C& c : out.revisions()) {
      std::cout << "## revision " << c.revision() << " (" << FormatTime(c.update_time()) << ")\n"
                << c.body() << "\n\n";
    }
  });
}

}  // namespace summit::ctl
