// A trace in the formats of the tools users already have, made from the
// viewer's data (model_check/trace_view.h): a Mermaid sequence diagram to
// paste into a GitHub comment, a ShiViz log (events with vector clocks),
// and ITF, the Informal Trace Format of Apalache and Quint (ADR-015). Pure
// functions of the data; `stepwise view --format` writes them.

#ifndef STEPWISE_TOOLS_STEPWISE_VIEW_EXPORTS_H_
#define STEPWISE_TOOLS_STEPWISE_VIEW_EXPORTS_H_

#include <optional>
#include <string>
#include <string_view>

#include "model_check/json.h"

namespace stepwise::tools {

enum class TraceFormat { kHtml, kMermaid, kShiviz, kItf };

// "html", "mermaid", "shiviz", "itf"; nullopt for anything else.
std::optional<TraceFormat> ParseTraceFormat(std::string_view name);

// The file name suffix `stepwise view` gives each format: ".html", ".mmd",
// ".shiviz.log", ".itf.json".
std::string FormatSuffix(TraceFormat format);

// `sequenceDiagram`: one participant per node (and the clients), a message
// drawn when it is delivered (`-x` when dropped), timers, crashes and
// restarts as notes, a lasso's cycle in a `loop` block.
std::string MermaidSequence(const mc::Json& view);

// ShiViz's log: its parser's regular expression, a blank line, then two
// lines per event: what happened, and the host with its vector clock as
// JSON. A delivery's clock covers its send's. Drops, partitions and heals
// are events of a host named "network".
std::string ShivizLog(const mc::Json& view);

// ITF: `#meta`, `vars` (the readable state's parts and the action taken),
// one state per step with integers as {"#bigint": "..."}, in-flight
// messages and budgets as records, `loop` for a lasso.
mc::Json ItfTrace(const mc::Json& view);

}  // namespace stepwise::tools

#endif  // STEPWISE_TOOLS_STEPWISE_VIEW_EXPORTS_H_
