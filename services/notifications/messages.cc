#include "services/notifications/messages.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace summit::notifications {
namespace {

using v1::NotificationKind;

struct Words {
  const char* subject;
  const char* body;
};

// kind -> language -> words. Placeholders: {title} {due} {start} {end}
// {place} {link} {outcome} {reason} {items} {code} {writer} {excerpt}.
const std::map<int, std::map<std::string, Words>>& Catalog() {
  static const auto* const kCatalog = new std::map<int, std::map<std::string, Words>>{
      {0,  // sign-in code
       {{"en",
         {"Your Summit sign-in code: {code}",
          "Your sign-in code is {code}. It is valid until {due}.\n"
          "Or open: {link}\nIf you did not ask for it, ignore this message."}},
        {"ru",
         {"Код входа в Summit: {code}",
          "Ваш код входа: {code}. Он действует до {due}.\n"
          "Или откройте ссылку: {link}\nЕсли вы не запрашивали код, просто "
          "проигнорируйте это письмо."}},
        {"kk",
         {"Summit жүйесіне кіру коды: {code}",
          "Кіру кодыңыз: {code}. Ол {due} дейін жарамды.\n"
          "Немесе сілтемені ашыңыз: {link}\nЕгер сіз сұрамасаңыз, бұл хатқа мән "
          "бермеңіз."}},
        {"ko",
         {"Summit 로그인 코드: {code}",
          "로그인 코드는 {code}입니다. {due}까지 유효합니다.\n"
          "또는 다음 링크를 여세요: {link}\n요청하지 않으셨다면 이 메일을 무시하세요."}}}},
      {kPersonalDigest,
       {{"en", {"Your Summit digest", "Since the last digest:\n{items}\n{link}"}},
        {"ru", {"Ваша сводка Summit", "С прошлой сводки:\n{items}\n{link}"}},
        {"kk", {"Summit жинағыңыз", "Соңғы жинақтан бері:\n{items}\n{link}"}},
        {"ko", {"Summit 요약", "지난 요약 이후:\n{items}\n{link}"}}}},
      {v1::NOTIFICATION_KIND_REVIEW_ASSIGNED,
       {{"en",
         {"Review requested: {title}",
          "You are asked to review {title}.\nPlease accept or decline by {due}.\n{link}"}},
        {"ru",
         {"Просьба о рецензии: {title}",
          "Вас просят отрецензировать {title}.\nПожалуйста, примите или отклоните "
          "приглашение до {due}.\n{link}"}},
        {"kk",
         {"Рецензия сұралды: {title}",
          "Сізден {title} құжатына рецензия жазу сұралады.\nШақыруды {due} дейін "
          "қабылдаңыз немесе бас тартыңыз.\n{link}"}},
        {"ko",
         {"검토 요청: {title}",
          "{title} 검토를 요청받았습니다.\n{due}까지 수락 또는 거절해 주세요.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_REVIEW_RESPONSE_DUE,
       {{"en",
         {"Reminder: answer the review invitation for {title}",
          "Please accept or decline the review of {title} by {due}.\n{link}"}},
        {"ru",
         {"Напоминание: ответьте на приглашение к рецензии {title}",
          "Пожалуйста, примите или отклоните рецензию {title} до {due}.\n{link}"}},
        {"kk",
         {"Еске салу: {title} рецензиясына шақыруға жауап беріңіз",
          "{title} рецензиясын {due} дейін қабылдаңыз немесе бас тартыңыз.\n{link}"}},
        {"ko",
         {"알림: {title} 검토 초대에 응답해 주세요",
          "{due}까지 {title} 검토를 수락 또는 거절해 주세요.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_REVIEW_DUE,
       {{"en",
         {"Reminder: your review of {title} is due {due}",
          "Your review of {title} is due {due}.\n{link}"}},
        {"ru",
         {"Напоминание: рецензия на {title} нужна к {due}",
          "Срок вашей рецензии на {title}: {due}.\n{link}"}},
        {"kk",
         {"Еске салу: {title} рецензиясының мерзімі {due}",
          "{title} рецензиясының мерзімі: {due}.\n{link}"}},
        {"ko", {"알림: {title} 검토 마감 {due}", "{title} 검토 마감은 {due}입니다.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_REVIEW_OVERDUE,
       {{"en",
         {"Overdue: review of {title}",
          "Your answer or review for {title} was due {due}. Please act now or tell "
          "the coordinator.\n{link}"}},
        {"ru",
         {"Просрочено: рецензия на {title}",
          "Срок ответа или рецензии на {title} истёк {due}. Пожалуйста, действуйте "
          "сейчас или сообщите координатору.\n{link}"}},
        {"kk",
         {"Мерзімі өтті: {title} рецензиясы",
          "{title} бойынша жауап немесе рецензия мерзімі {due} өтті. Қазір әрекет "
          "етіңіз немесе үйлестірушіге хабарлаңыз.\n{link}"}},
        {"ko",
         {"기한 초과: {title} 검토",
          "{title}에 대한 응답 또는 검토 기한({due})이 지났습니다. 지금 처리하거나 "
          "코디네이터에게 알려 주세요.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_SUBMISSION_RECEIVED,
       {{"en",
         {"Received: {title}", "Your recommendation {title} was submitted and received.\n{link}"}},
        {"ru", {"Получено: {title}", "Ваша рекомендация {title} подана и получена.\n{link}"}},
        {"kk",
         {"Қабылданды: {title}", "Сіздің {title} ұсынымыңыз жіберілді және қабылданды.\n{link}"}},
        {"ko", {"접수됨: {title}", "권고안 {title}이(가) 제출되어 접수되었습니다.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_DECISION,
       {{"en",
         {"Decision on {title}: {outcome}",
          "The coordinators decided on {title}: {outcome}.\n{reason}\n{link}"}},
        {"ru",
         {"Решение по {title}: {outcome}",
          "Координаторы приняли решение по {title}: {outcome}.\n{reason}\n{link}"}},
        {"kk",
         {"{title} бойынша шешім: {outcome}",
          "Үйлестірушілер {title} бойынша шешім қабылдады: {outcome}.\n{reason}\n{link}"}},
        {"ko",
         {"{title} 결정: {outcome}",
          "코디네이터가 {title}에 대해 결정했습니다: {outcome}.\n{reason}\n{link}"}}}},
      {v1::NOTIFICATION_KIND_CHANGES_REQUESTED,
       {{"en",
         {"Changes requested: {title}",
          "The coordinators ask for changes to {title}. Read the reviews and submit a "
          "new version.\n{reason}\n{link}"}},
        {"ru",
         {"Запрошены изменения: {title}",
          "Координаторы просят внести изменения в {title}. Прочитайте рецензии и "
          "подайте новую версию.\n{reason}\n{link}"}},
        {"kk",
         {"Өзгерістер сұралды: {title}",
          "Үйлестірушілер {title} құжатына өзгерістер енгізуді сұрайды. Рецензияларды "
          "оқып, жаңа нұсқасын жіберіңіз.\n{reason}\n{link}"}},
        {"ko",
         {"수정 요청: {title}",
          "코디네이터가 {title}의 수정을 요청했습니다. 검토 의견을 읽고 새 버전을 "
          "제출해 주세요.\n{reason}\n{link}"}}}},
      {v1::NOTIFICATION_KIND_MEETING_INVITATION,
       {{"en",
         {"Invitation: {title}, {start}",
          "You are invited to {title}.\nWhen: {start} – {end}\nWhere: {place}\n"
          "The attached calendar file adds it to your calendar.\n{link}"}},
        {"ru",
         {"Приглашение: {title}, {start}",
          "Вы приглашены на встречу «{title}».\nКогда: {start} – {end}\nГде: {place}\n"
          "Приложенный файл календаря добавит её в ваш календарь.\n{link}"}},
        {"kk",
         {"Шақыру: {title}, {start}",
          "Сіз «{title}» кездесуіне шақырылдыңыз.\nУақыты: {start} – {end}\nОрны: "
          "{place}\nҚоса берілген күнтізбе файлы оны күнтізбеңізге қосады.\n{link}"}},
        {"ko",
         {"초대: {title}, {start}",
          "{title} 회의에 초대되었습니다.\n일시: {start} – {end}\n장소: {place}\n"
          "첨부된 캘린더 파일로 일정에 추가할 수 있습니다.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_MEETING_CHANGED,
       {{"en",
         {"Changed: {title}, now {start}",
          "{title} has changed.\nWhen: {start} – {end}\nWhere: {place}\n{link}"}},
        {"ru",
         {"Изменения: {title}, теперь {start}",
          "Встреча «{title}» изменилась.\nКогда: {start} – {end}\nГде: {place}\n{link}"}},
        {"kk",
         {"Өзгеріс: {title}, енді {start}",
          "«{title}» кездесуі өзгерді.\nУақыты: {start} – {end}\nОрны: {place}\n{link}"}},
        {"ko",
         {"변경: {title}, 새 일시 {start}",
          "{title} 회의가 변경되었습니다.\n일시: {start} – {end}\n장소: {place}\n{link}"}}}},
      {v1::NOTIFICATION_KIND_MEETING_CANCELLED,
       {{"en", {"Cancelled: {title}, {start}", "{title} on {start} is cancelled.\n{link}"}},
        {"ru", {"Отменено: {title}, {start}", "Встреча «{title}» ({start}) отменена.\n{link}"}},
        {"kk", {"Тоқтатылды: {title}, {start}", "«{title}» кездесуі ({start}) өтпейді.\n{link}"}},
        {"ko", {"취소: {title}, {start}", "{start}의 {title} 회의가 취소되었습니다.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_MINUTES_APPROVAL,
       {{"en",
         {"Please approve the minutes of {title}",
          "The minutes of {title} are written. Please read and approve them.\n{link}"}},
        {"ru",
         {"Утвердите протокол: {title}",
          "Протокол встречи «{title}» готов. Пожалуйста, прочитайте и утвердите "
          "его.\n{link}"}},
        {"kk",
         {"Хаттаманы бекітіңіз: {title}",
          "«{title}» кездесуінің хаттамасы дайын. Оқып, бекітіңіз.\n{link}"}},
        {"ko",
         {"회의록 승인 요청: {title}",
          "{title} 회의록이 작성되었습니다. 읽고 승인해 주세요.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_ACTION_ITEM_ASSIGNED,
       {{"en",
         {"Action item for you: {title}", "You own the action item {title}, due {due}.\n{link}"}},
        {"ru", {"Вам поручено: {title}", "Вам поручено: {title}. Срок: {due}.\n{link}"}},
        {"kk",
         {"Сізге тапсырма: {title}", "Сізге тапсырма берілді: {title}. Мерзімі: {due}.\n{link}"}},
        {"ko",
         {"할 일 배정: {title}", "할 일 {title}이(가) 배정되었습니다. 기한: {due}.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_ACTION_ITEM_DUE,
       {{"en", {"Due soon: {title}", "The action item {title} is due {due}.\n{link}"}},
        {"ru", {"Скоро срок: {title}", "Срок поручения «{title}»: {due}.\n{link}"}},
        {"kk", {"Мерзімі жақын: {title}", "«{title}» тапсырмасының мерзімі: {due}.\n{link}"}},
        {"ko", {"기한 임박: {title}", "할 일 {title}의 기한은 {due}입니다.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_ACTION_ITEM_OVERDUE,
       {{"en", {"Overdue: {title}", "The action item {title} was due {due}.\n{link}"}},
        {"ru", {"Просрочено: {title}", "Срок поручения «{title}» истёк {due}.\n{link}"}},
        {"kk", {"Мерзімі өтті: {title}", "«{title}» тапсырмасының мерзімі {due} өтті.\n{link}"}},
        {"ko", {"기한 초과: {title}", "할 일 {title}의 기한({due})이 지났습니다.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_SUBMISSION_DEADLINE,
       {{"en",
         {"Submission deadline {due}: {title} is still a draft",
          "{title} is still a draft. The summit's submission deadline is {due}.\n{link}"}},
        {"ru",
         {"Срок подачи {due}: {title} ещё черновик",
          "Рекомендация {title} ещё в черновике. Срок подачи: {due}.\n{link}"}},
        {"kk",
         {"Жіберу мерзімі {due}: {title} әлі жоба",
          "{title} әлі жоба күйінде. Жіберу мерзімі: {due}.\n{link}"}},
        {"ko",
         {"제출 마감 {due}: {title} 아직 초안",
          "{title}은(는) 아직 초안입니다. 제출 마감은 {due}입니다.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_REVIEW_DATES_CHANGED,
       {{"en",
         {"New dates for your review of {title}",
          "A coordinator moved the dates of your review of {title}.\n"
          "Next date: {due}. Review by: {end}.\n{link}"}},
        {"ru",
         {"Новые сроки рецензии {title}",
          "Координатор изменил сроки вашей рецензии {title}.\n"
          "Ближайший срок: {due}. Рецензия до: {end}.\n{link}"}},
        {"kk",
         {"{title} рецензиясының жаңа мерзімдері",
          "Үйлестіруші {title} рецензияңыздың мерзімдерін өзгертті.\n"
          "Жақын мерзім: {due}. Рецензия мерзімі: {end}.\n{link}"}},
        {"ko",
         {"{title} 검토 일정 변경",
          "코디네이터가 {title} 검토 일정을 변경했습니다.\n"
          "다음 기한: {due}. 검토 기한: {end}.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_REVIEW_UNASSIGNED,
       {{"en",
         {"You no longer review {title}",
          "A coordinator took you off the review of {title}.\nReason: {reason}\n"
          "Thank you for your time."}},
        {"ru",
         {"Вы больше не рецензируете {title}",
          "Координатор снял вас с рецензирования {title}.\nПричина: {reason}\n"
          "Спасибо за ваше время."}},
        {"kk",
         {"Сіз енді {title} рецензенті емессіз",
          "Үйлестіруші сізді {title} рецензиясынан босатты.\nСебебі: {reason}\n"
          "Уақытыңызға рахмет."}},
        {"ko",
         {"{title} 검토에서 제외되었습니다",
          "코디네이터가 {title} 검토에서 귀하를 제외했습니다.\n사유: {reason}\n"
          "시간을 내주셔서 감사합니다."}}}},
      {v1::NOTIFICATION_KIND_COMMENT,
       {{"en", {"{writer} commented on {title}", "{writer} wrote on {title}:\n{excerpt}\n{link}"}},
        {"ru", {"{writer}: комментарий к {title}", "{writer} пишет о {title}:\n{excerpt}\n{link}"}},
        {"kk",
         {"{writer}: {title} туралы пікір", "{writer} {title} туралы жазды:\n{excerpt}\n{link}"}},
        {"ko",
         {"{writer}님이 {title}에 댓글을 남겼습니다",
          "{writer}님이 {title}에 대해 작성했습니다:\n{excerpt}\n{link}"}}}},
      {v1::NOTIFICATION_KIND_AUTHOR_RESPONSE_REQUESTED,
       {{"en",
         {"The reviews of {title} are in: your response is due {due}",
          "The reviews of {title} are in. Read them and answer before the decision, by "
          "{due}.\n{link}"}},
        {"ru",
         {"Рецензии на {title} получены: ответ до {due}",
          "Рецензии на {title} получены. Прочитайте их и ответьте до решения, до "
          "{due}.\n{link}"}},
        {"kk",
         {"{title} рецензиялары келді: жауап мерзімі {due}",
          "{title} рецензиялары келді. Оларды оқып, шешімге дейін {due} дейін жауап "
          "беріңіз.\n{link}"}},
        {"ko",
         {"{title} 검토 완료: {due}까지 답변해 주세요",
          "{title}에 대한 검토가 모두 도착했습니다. 결정 전에 {due}까지 읽고 답변해 "
          "주세요.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_AUTHOR_RESPONSE,
       {{"en",
         {"The authors answered the reviews of {title}",
          "The authors of {title} answered the reviews. Please read their response.\n{link}"}},
        {"ru",
         {"Авторы ответили на рецензии: {title}",
          "Авторы {title} ответили на рецензии. Пожалуйста, прочитайте ответ.\n{link}"}},
        {"kk",
         {"Авторлар рецензияларға жауап берді: {title}",
          "{title} авторлары рецензияларға жауап берді. Жауапты оқыңыз.\n{link}"}},
        {"ko",
         {"저자들이 {title} 검토에 답변했습니다",
          "{title}의 저자들이 검토에 답변했습니다. 답변을 읽어 주세요.\n{link}"}}}},
      {v1::NOTIFICATION_KIND_COORDINATOR_DIGEST,
       {{"en",
         {"Waiting on coordinators today", "What waits on the coordinators:\n{items}\n{link}"}},
        {"ru",
         {"Ожидает координаторов сегодня", "Что ожидает решения координаторов:\n{items}\n{link}"}},
        {"kk",
         {"Бүгін үйлестірушілерді күтеді",
          "Үйлестірушілердің шешімін күтетіндер:\n{items}\n{link}"}},
        {"ko",
         {"오늘 코디네이터 대기 항목", "코디네이터의 처리를 기다리는 항목:\n{items}\n{link}"}}}},
  };
  return *kCatalog;
}

std::string HtmlEscape(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
}

}  // namespace

std::string PickLanguage(const std::vector<std::string>& preferred) {
  for (const std::string& tag : preferred) {
    const std::string base = absl::AsciiStrToLower(tag.substr(0, tag.find('-')));
    for (const std::string& ours : MessageLanguages()) {
      if (base == ours) return ours;
    }
  }
  return "en";
}

std::string LocalTimeText(absl::Time t, const std::string& time_zone) {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::string zone_name = "UTC";
  if (!time_zone.empty() && absl::LoadTimeZone(time_zone, &zone)) zone_name = time_zone;
  return absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M", t, zone), " (", zone_name, ")");
}

std::string OutcomeWord(const std::string& outcome, const std::string& language) {
  static const auto* const kWords = new std::map<std::string, std::map<std::string, std::string>>{
      {"approved", {{"en", "approved"}, {"ru", "одобрена"}, {"kk", "мақұлданды"}, {"ko", "승인"}}},
      {"rejected",
       {{"en", "rejected"}, {"ru", "отклонена"}, {"kk", "қабылданбады"}, {"ko", "거절"}}},
  };
  auto it = kWords->find(outcome);
  if (it == kWords->end()) return outcome;
  auto word = it->second.find(language);
  return word == it->second.end() ? it->second.at("en") : word->second;
}

RenderedMessage Render(int kind, const std::string& language, const std::string& time_zone,
                       const MessageFacts& facts) {
  const auto& by_language = Catalog().at(kind);
  auto found = by_language.find(language);
  const Words& words = found == by_language.end() ? by_language.at("en") : found->second;
  std::vector<std::pair<std::string, std::string>> values = {{"{title}", facts.title}};
  for (const auto& [key, value] : facts.text) {
    values.emplace_back("{" + key + "}", key == "outcome" ? OutcomeWord(value, language) : value);
  }
  for (const auto& [key, when] : facts.times) {
    values.emplace_back("{" + key + "}", LocalTimeText(when, time_zone));
  }
  // Placeholders a kind did not fill read as nothing, not as "{reason}".
  for (const char* key : {"{reason}", "{place}", "{link}", "{items}", "{due}", "{start}", "{end}",
                          "{outcome}", "{code}", "{writer}", "{excerpt}"}) {
    if (std::none_of(values.begin(), values.end(), [&](const auto& v) { return v.first == key; })) {
      values.emplace_back(key, "");
    }
  }
  RenderedMessage out;
  out.subject = absl::StrReplaceAll(words.subject, values);
  // The subject is one line whatever a title holds.
  absl::StrReplaceAll({{"\r", " "}, {"\n", " "}}, &out.subject);
  std::string text = absl::StrReplaceAll(words.body, values);
  // Lines left empty by unfilled placeholders go.
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::StripAsciiWhitespace(line).empty()) lines.emplace_back(line);
  }
  out.text = absl::StrJoin(lines, "\n") + "\n";
  std::string html =
      "<!DOCTYPE html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\"></head><body>";
  for (const std::string& line : lines) {
    if (line.rfind("http://", 0) == 0 || line.rfind("https://", 0) == 0) {
      absl::StrAppend(&html, "<p><a href=\"", HtmlEscape(line), "\">", HtmlEscape(line),
                      "</a></p>");
    } else {
      absl::StrAppend(&html, "<p>", HtmlEscape(line), "</p>");
    }
  }
  absl::StrAppend(&html, "</body></html>");
  out.html = std::move(html);
  return out;
}

}  // namespace summit::notifications
