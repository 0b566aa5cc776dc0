#include "tools/stepwise/view/view_page.h"

#include <cassert>
#include <string>
#include <string_view>

#include "absl/strings/str_replace.h"
#include "tools/stepwise/view/viewer_assets.h"

namespace stepwise::tools {
namespace {

// Replaces the one `marker` in `page` with `value`.
void Fill(std::string* page, std::string_view marker, std::string_view value) {
  const size_t at = page->find(marker);
  assert(at != std::string::npos);  // viewer.html has every marker once
  page->replace(at, marker.size(), value);
}

std::string EscapeHtml(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

// JSON that can sit inside a <script> element: '<' appears in JSON only
// within strings, where \u003c means the same, so no "</script>" or "<!--"
// in a state can end the element early.
std::string ScriptSafeJson(const mc::Json& data) {
  return absl::StrReplaceAll(data.dump(-1, ' ', /*ensure_ascii=*/true,
                                       mc::Json::error_handler_t::replace),
                             {{"<", "\\u003c"}});
}

}  // namespace

std::string ViewerPage(const mc::Json& view_data, const std::string& title) {
  // The data goes in last: it may contain the other markers' text.
  std::string page(viewer_assets::kHtml);
  Fill(&page, "@@TITLE@@", EscapeHtml(title));
  Fill(&page, "@@CSS@@", viewer_assets::kCss);
  Fill(&page, "@@SCRIPT@@", viewer_assets::kScript);
  Fill(&page, "@@DATA@@", ScriptSafeJson(view_data));
  return page;
}

}  // namespace stepwise::tools
