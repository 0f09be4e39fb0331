// The plan report on a real model: the CSV has one row per step with the
// peak marked where the live bytes are largest, the JSON matches the plan,
// and the HTML holds one picture per plan with the peak drawn.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "compiler/plan/lower.h"
#include "compiler/report/analyze.h"
#include "compiler/report/plan_report.h"
#include "compiler/tflite/reader.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

TEST(PlanReport, KwsReportDescribesThePlan) {
  MOTE_REQUIRE_MODELS();
  const fs::path path = test::models_dir() / "mlperf_tiny" / "kws_ds_cnn_int8.tflite";
  const ir::Model model = tflite::load_model(path.string());
  const plan::Program program = plan::lower(model);
  const plan::MemoryPlan plan = plan::plan_memory(program);

  const auto rows = csv_rows(report::plan_csv(plan));
  ASSERT_EQ(rows.size(), program.steps.size() + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"step", "op_index", "op", "live_tensors",
                                               "live_bytes", "high_water_bytes", "peak"}));
  int64_t most = 0;
  for (size_t i = 1; i < rows.size(); ++i) most = std::max<int64_t>(most, std::stoll(rows[i][4]));
  int peaks = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 7u) << i;
    const bool marked = rows[i][6] == "peak";
    EXPECT_EQ(marked, std::stoll(rows[i][4]) == most) << "row " << i;
    EXPECT_LE(std::stoll(rows[i][5]), plan.layout.arena_bytes);
    peaks += marked;
  }
  EXPECT_GE(peaks, 1);
  // KWS peaks at the first conv: the 490 B input, its 8,000 B output and the
  // kernel's int16 scratch for two 10x4 windows (160 B).
  EXPECT_EQ(most, 490 + 8000 + 160);
  EXPECT_EQ(rows[1][2], "CONV_2D");

  const nlohmann::json j = report::plan_json(plan);
  EXPECT_EQ(j.at("arena_bytes").get<uint32_t>(), plan.layout.arena_bytes);
  EXPECT_EQ(j.at("lower_bound_bytes").get<int64_t>(), plan.lower_bound_bytes);
  EXPECT_TRUE(j.at("schedule_optimal").get<bool>());
  EXPECT_EQ(j.at("op_order").size(), program.steps.size());
  EXPECT_EQ(j.at("in_place").size(), plan.layout.in_place.size());
  for (const auto& b : j.at("buffers")) {
    EXPECT_LE(b.at("offset").get<int64_t>() + b.at("bytes").get<int64_t>(),
              static_cast<int64_t>(plan.layout.arena_bytes));
  }

  plan::PlanOptions file_order;
  file_order.order = plan::PlanOptions::Order::kFile;
  file_order.in_place = false;
  const plan::MemoryPlan baseline = plan::plan_memory(program, file_order);
  const fs::path dir = fs::temp_directory_path() / "mote_plan_report_test";
  report::write_plan_report(dir.string(), "kws", {{"file order", &baseline}, {"optimized", &plan}});
  const std::vector<uint8_t> html_bytes = test::read_file(dir / "plan.html");
  const std::string html(html_bytes.begin(), html_bytes.end());
  size_t svgs = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  EXPECT_EQ(svgs, 2u);
  EXPECT_NE(html.find("class='peak'"), std::string::npos);
  // File order, no sharing: 16,000 B of tensors and a pointwise conv's 256 B scratch.
  EXPECT_NE(html.find("arena 16256 B"), std::string::npos);
  EXPECT_NE(html.find("arena " + std::to_string(plan.layout.arena_bytes) + " B"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "plan.csv"));
  EXPECT_TRUE(fs::exists(dir / "plan.json"));
  fs::remove_all(dir);
}

TEST(PlanReport, AnalyzeReportsRamAndBound) {
  MOTE_REQUIRE_MODELS();
  const ir::Model model = tflite::load_model(
      (test::models_dir() / "mlperf_tiny" / "ic_resnet8_int8.tflite").string());
  const nlohmann::json j = report::to_json(report::analyze(model));
  EXPECT_EQ(j.at("ram_bytes").get<int64_t>(), 33888);
  EXPECT_EQ(j.at("lower_bound_bytes").get<int64_t>(), 33888);
  EXPECT_TRUE(j.at("schedule_optimal").get<bool>());
  EXPECT_EQ(j.at("ram_bytes"), j.at("arena_bytes"));
}

}  // namespace
}  // namespace mote
