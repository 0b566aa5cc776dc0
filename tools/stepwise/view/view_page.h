// The HTML page of `stepwise view`: the viewer (viewer.html, viewer.css and
// viewer.js beside this file, compiled in by CMake) with a trace's view
// data (model_check/trace_view.h) inlined, so the one file opens offline.

#ifndef STEPWISE_TOOLS_STEPWISE_VIEW_VIEW_PAGE_H_
#define STEPWISE_TOOLS_STEPWISE_VIEW_VIEW_PAGE_H_

#include <string>

#include "model_check/json.h"

namespace stepwise::tools {

// The page for `view_data`, titled `title` (escaped here).
std::string ViewerPage(const mc::Json& view_data, const std::string& title);

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_VIEW_VIEW_PAGE_H_
