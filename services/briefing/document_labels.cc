#include "services/briefing/document_labels.h"

#include <map>

#include "absl/strings/str_split.h"

namespace summit::briefing {

const Labels& LabelsFor(const std::string& language) {
  static const auto* const kLabels = new std::map<std::string, Labels>{
      {"en",
       {"Briefing package", "Version", "Contents", "Figures", "Recommendations in total", "Track",
        "Country", "Recommendations", "Authors", "Review rounds", "Summary", "Translation",
        "Machine translation", "Not translated; original language",
        "No approved recommendations yet.", "approved", "changes requested", "rejected",
        "Annexes"}},
      {"ru",
       {"Информационный пакет", "Версия", "Содержание", "Цифры", "Всего рекомендаций",
        "Направление", "Страна", "Рекомендации", "Авторы", "Раунды рецензирования", "Кратко",
        "Перевод", "Машинный перевод", "Без перевода; язык оригинала",
        "Одобренных рекомендаций пока нет.", "одобрено", "нужны изменения", "отклонено",
        "Приложения"}},
      {"kk",
       {"Брифинг пакеті", "Нұсқа", "Мазмұны", "Сандар", "Барлық ұсыныстар", "Бағыт", "Ел",
        "Ұсыныстар", "Авторлар", "Сараптама кезеңдері", "Қысқаша", "Аударма", "Машиналық аударма",
        "Аударылмаған; түпнұсқа тілі", "Мақұлданған ұсыныстар әзірге жоқ.", "мақұлданды",
        "өзгерістер қажет", "қабылданбады", "Қосымшалар"}},
      {"ko",
       {"브리핑 자료집", "버전", "목차", "통계", "전체 권고안", "분야", "국가", "권고안", "저자",
        "검토 라운드", "요약", "번역", "기계 번역", "번역 없음; 원문 언어",
        "승인된 권고안이 아직 없습니다.", "승인", "수정 요청", "반려", "첨부 자료"}},
  };
  // "ru-KZ" reads as "ru".
  const std::string base = std::string(*absl::StrSplit(language, '-').begin());
  auto it = kLabels->find(base);
  return it == kLabels->end() ? kLabels->at("en") : it->second;
}

std::string LabelForOutcome(const Labels& labels, const std::string& outcome) {
  if (outcome == "approve") return labels.approve;
  if (outcome == "request_changes") return labels.request_changes;
  if (outcome == "reject") return labels.reject;
  return "";
}

}  // namespace summit::briefing
