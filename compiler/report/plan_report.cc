#include "compiler/report/plan_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "compiler/ir/error.h"
#include "compiler/ir/op_type.h"

namespace mote::report {

namespace {

struct Rect {  // one buffer in the picture
  std::string label;
  int first = 0, last = 0;
  int64_t offset = 0, bytes = 0;
  int tensor = -1;
};

std::vector<Rect> buffers(const plan::Program& program, const plan::ArenaLayout& layout) {
  const ir::Subgraph& g = program.graph();
  const std::vector<plan::Lifetime> life = plan::tensor_lifetimes(program);
  std::vector<Rect> rects;
  for (size_t t = 0; t < life.size(); ++t) {
    if (life[t].bytes == 0 || layout.tensor_offset[t] == plan::kNotInArena) continue;
    rects.push_back({g.tensors[t].name, life[t].first, life[t].last, layout.tensor_offset[t],
                     life[t].bytes, static_cast<int>(t)});
  }
  for (size_t s = 0; s < program.steps.size(); ++s) {
    const auto& operands = program.steps[s].operands;
    for (size_t i = 0; i < operands.size(); ++i) {
      if (operands[i].kind != plan::Operand::Kind::kScratch || operands[i].bytes == 0) continue;
      const int step = static_cast<int>(s);
      rects.push_back({fmt::format("scratch of step {}", s), step, step,
                       layout.scratch_offset[s][i], operands[i].bytes, -1});
    }
  }
  return rects;
}

std::string op_name(const plan::Program& program, int op_index) {
  if (op_index < 0) return "?";
  return ir::builtin_code_name(program.graph().ops[op_index].builtin_code);
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svg(const PlanView& view, int64_t y_max, int width, int height) {
  const plan::MemoryPlan& p = *view.plan;
  const std::vector<StepMemory> steps = step_memory(p.program, p.layout);
  const std::vector<Rect> rects = buffers(p.program, p.layout);
  const int left = 70, top = 44, bottom = 40;
  const double plot_w = width - left - 20, plot_h = height - top - bottom;
  const double step_w = plot_w / std::max<size_t>(1, steps.size());
  auto y_of = [&](int64_t offset) { return top + plot_h - plot_h * offset / std::max<int64_t>(1, y_max); };
  std::string s = fmt::format(
      "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' font-family='sans-serif' "
      "font-size='12'>\n",
      width, height);
  int peak_step = 0;
  int64_t peak_bytes = 0;
  for (const StepMemory& m : steps) {
    if (m.live_bytes > peak_bytes) {
      peak_bytes = m.live_bytes;
      peak_step = m.step;
    }
  }
  s += fmt::format("<text x='{}' y='16' font-size='13' font-weight='bold'>{}: arena {} B</text>\n"
                   "<text x='{}' y='32'>peak {} B live at step {}; lower bound {} B{}</text>\n",
                   left, escape(view.title), p.layout.arena_bytes, left, peak_bytes, peak_step,
                   p.lower_bound_bytes, p.schedule_optimal ? "; order proven optimal" : "");
  for (const Rect& r : rects) {
    const int hue = r.tensor < 0 ? 0 : (r.tensor * 137) % 360;
    const std::string fill = r.tensor < 0 ? "#999999" : fmt::format("hsl({},60%,65%)", hue);
    const double y0 = y_of(r.offset + r.bytes), y1 = y_of(r.offset);
    s += fmt::format(
        "<rect x='{:.1f}' y='{:.1f}' width='{:.1f}' height='{:.1f}' fill='{}' stroke='#333' "
        "stroke-width='0.5'><title>{} ({} B) offset {} steps {}-{}</title></rect>\n",
        left + r.first * step_w, y0, (r.last - r.first + 1) * step_w, std::max(0.5, y1 - y0),
        fill, escape(r.label), r.bytes, r.offset, r.first, r.last);
  }
  // The peak step: a red frame over the buffers, labelled.
  const double peak_x = left + peak_step * step_w;
  s += fmt::format("<rect class='peak' x='{:.1f}' y='{}' width='{:.1f}' height='{:.1f}' "
                   "fill='#ff000018' stroke='red' stroke-width='2.5'><title>peak: {} B live at "
                   "step {}</title></rect>\n",
                   peak_x, top, step_w, plot_h, peak_bytes, peak_step);
  s += fmt::format("<text x='{:.1f}' y='{:.1f}' fill='red' font-weight='bold' "
                   "text-anchor='middle'>peak</text>\n",
                   peak_x + step_w / 2, top + plot_h + 14);
  // The arena size and the axes.
  const double arena_y = y_of(p.layout.arena_bytes);
  s += fmt::format("<line x1='{}' x2='{:.1f}' y1='{:.1f}' y2='{:.1f}' stroke='red' "
                   "stroke-dasharray='4 2'/>\n",
                   left, left + plot_w, arena_y, arena_y);
  s += fmt::format("<text x='{}' y='{:.1f}' fill='red' text-anchor='end'>{} B</text>\n", left - 4,
                   arena_y + 4, p.layout.arena_bytes);
  s += fmt::format("<line x1='{}' x2='{}' y1='{}' y2='{:.1f}' stroke='black'/>\n", left, left, top,
                   top + plot_h);
  s += fmt::format("<line x1='{}' x2='{:.1f}' y1='{:.1f}' y2='{:.1f}' stroke='black'/>\n", left,
                   left + plot_w, top + plot_h, top + plot_h);
  s += fmt::format("<text x='{}' y='{:.1f}' text-anchor='end'>0</text>\n", left - 4, top + plot_h);
  s += fmt::format("<text x='{:.1f}' y='{}' text-anchor='middle'>schedule step (0-{}); y = arena "
                   "offset</text>\n",
                   left + plot_w / 2, height - 8, steps.empty() ? 0 : steps.size() - 1);
  s += "</svg>\n";
  return s;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw Error(ErrorCode::kIo, path.string() + ": cannot write");
}

}  // namespace

std::vector<StepMemory> step_memory(const plan::Program& program, const plan::ArenaLayout& layout) {
  const std::vector<Rect> rects = buffers(program, layout);
  std::vector<StepMemory> rows(program.steps.size());
  int64_t peak = 0;
  for (size_t s = 0; s < rows.size(); ++s) {
    StepMemory& row = rows[s];
    row.step = static_cast<int>(s);
    row.op_index = program.steps[s].op_index;
    row.op = op_name(program, row.op_index);
    // In-place pairs overlap on purpose: count the bytes covered, not the sum.
    std::vector<std::pair<int64_t, int64_t>> spans;
    for (const Rect& r : rects) {
      if (r.first > row.step || r.last < row.step) continue;
      if (r.tensor >= 0) row.live_tensors.push_back(r.tensor);
      spans.emplace_back(r.offset, r.offset + r.bytes);
      row.high_water = std::max(row.high_water, r.offset + r.bytes);
    }
    std::sort(spans.begin(), spans.end());
    int64_t covered_to = 0;
    for (auto [begin, end] : spans) {
      begin = std::max(begin, covered_to);
      if (end > begin) row.live_bytes += end - begin;
      covered_to = std::max(covered_to, end);
    }
    peak = std::max(peak, row.live_bytes);
  }
  for (StepMemory& row : rows) row.peak = row.live_bytes == peak;
  return rows;
}

std::string plan_csv(const plan::MemoryPlan& plan) {
  std::string csv = "step,op_index,op,live_tensors,live_bytes,high_water_bytes,peak\n";
  for (const StepMemory& row : step_memory(plan.program, plan.layout)) {
    std::string live;
    for (int t : row.live_tensors) live += fmt::format("{}{}", live.empty() ? "" : " ", t);
    csv += fmt::format("{},{},{},{},{},{},{}\n", row.step, row.op_index, row.op, live,
                       row.live_bytes, row.high_water, row.peak ? "peak" : "");
  }
  return csv;
}

nlohmann::json plan_json(const plan::MemoryPlan& plan) {
  nlohmann::json j;
  j["arena_bytes"] = plan.layout.arena_bytes;
  j["live_peak_bytes"] = plan.live_peak_bytes;
  j["lower_bound_bytes"] = plan.lower_bound_bytes;
  j["schedule_optimal"] = plan.schedule_optimal;
  nlohmann::json order = nlohmann::json::array();
  for (const plan::Step& s : plan.program.steps) order.push_back(s.op_index);
  j["op_order"] = order;
  nlohmann::json buffers_json = nlohmann::json::array();
  for (const Rect& r : buffers(plan.program, plan.layout)) {
    buffers_json.push_back({{"tensor", r.tensor}, {"name", r.label}, {"bytes", r.bytes},
                            {"offset", r.offset}, {"first_step", r.first}, {"last_step", r.last}});
  }
  j["buffers"] = buffers_json;
  nlohmann::json links = nlohmann::json::array();
  for (const plan::InPlaceLink& l : plan.layout.in_place) {
    links.push_back({{"step", l.step}, {"input_tensor", l.input_tensor},
                     {"output_tensor", l.output_tensor}, {"shift_bytes", l.shift}});
  }
  j["in_place"] = links;
  return j;
}

std::string plan_html(const std::string& model, const std::vector<PlanView>& views) {
  int64_t y_max = 1;
  for (const PlanView& v : views) y_max = std::max<int64_t>(y_max, v.plan->layout.arena_bytes);
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>mote plan: {0}</title>"
      "<style>body{{font-family:sans-serif;margin:12px}} .row{{display:flex;gap:16px}}</style>"
      "</head><body>\n<h3>Arena over the schedule: {0}</h3>\n"
      "<p>One rectangle per buffer (hover for its name, size, offset and steps); the red frame "
      "is the step with the most live bytes; the dashed line is the arena size. Same scale in "
      "every panel.</p>\n<div class='row'>\n",
      escape(model));
  for (const PlanView& v : views) html += "<div>" + svg(v, y_max, 620, 460) + "</div>\n";
  html += "</div>\n</body></html>\n";
  return html;
}

void write_plan_report(const std::string& dir, const std::string& model,
                       const std::vector<PlanView>& views) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::kIo, dir + ": cannot create directory: " + ec.message());
  const plan::MemoryPlan& chosen = *views.back().plan;
  write_file(fs::path(dir) / "plan.csv", plan_csv(chosen));
  nlohmann::json j = plan_json(chosen);
  j["model"] = model;
  write_file(fs::path(dir) / "plan.json", j.dump(2) + "\n");
  write_file(fs::path(dir) / "plan.html", plan_html(model, views));
}

}  // namespace mote::report
