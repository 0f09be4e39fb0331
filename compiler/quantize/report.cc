#include "compiler/quantize/report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace mote::quantize {

namespace {

nlohmann::json db_json(double db) {
  if (std::isinf(db)) return db > 0 ? "inf" : "-inf";
  return std::round(db * 100) / 100;
}

std::string db_text(double db) { return std::isinf(db) ? (db > 0 ? "inf" : "-inf") : fmt::format("{:.2f}", db); }

const char* io_name(IoType io) { return io == IoType::kInt8 ? "int8" : "float"; }

}  // namespace

nlohmann::json report_json(const ReportInputs& r) {
  const ir::Subgraph& fg = r.float_model->subgraphs[0];
  const ir::Subgraph& qg = r.result->model.subgraphs[0];
  nlohmann::json j;
  j["io"] = io_name(r.options->io);
  j["per_channel_fc"] = r.options->per_channel_fc;
  j["estimator"] = estimator_name(r.options->estimator);
  j["calibration_samples"] = r.calibration_samples;
  j["evaluation_samples"] = r.evaluation->samples;
  j["evaluation_source"] = r.evaluation_source;
  j["float_bytes"] = r.float_bytes;
  j["int8_bytes"] = r.int8_bytes;
  j["outputs"] = nlohmann::json::array();
  for (size_t o = 0; o < r.evaluation->outputs.size(); ++o) {
    j["outputs"].push_back({{"name", fg.tensors[fg.outputs[o]].name},
                            {"sqnr_db", db_json(r.evaluation->outputs[o].db())}});
  }
  j["top1_agreement"] = r.evaluation->samples
                            ? static_cast<double>(r.evaluation->top1_agree) / r.evaluation->samples
                            : 0.0;
  j["layers"] = nlohmann::json::array();
  for (const LayerSqnr& layer : r.evaluation->layers) {
    const RangeChoice& range = r.result->ranges[layer.tensor];
    const ir::Tensor& q = qg.tensors[layer.tensor];
    nlohmann::json row = {{"op", layer.op},
                          {"type", ir::op_type_name(fg.ops[layer.op].type)},
                          {"tensor", fg.tensors[layer.tensor].name},
                          {"sqnr_db", db_json(layer.sqnr.db())},
                          {"range_min", range.range.min},
                          {"range_max", range.range.max},
                          {"estimator", estimator_name(range.estimator)}};
    if (q.quant) {
      row["scale"] = q.quant->scale[0];
      row["zero_point"] = q.quant->zero_point[0];
    }
    j["layers"].push_back(std::move(row));
  }
  j["keep_float"] = r.options->keep_float;
  if (r.sensitivity && !r.sensitivity->empty()) {
    j["sensitivity"] = nlohmann::json::array();
    for (const OpSensitivity& o : *r.sensitivity) {
      j["sensitivity"].push_back({{"op", o.op},
                                  {"type", ir::op_type_name(fg.ops[o.op].type)},
                                  {"sqnr_db_kept_float", db_json(o.sqnr_db)}});
    }
  }
  return j;
}

std::string report_text(const ReportInputs& r) {
  const ir::Subgraph& fg = r.float_model->subgraphs[0];
  const ir::Subgraph& qg = r.result->model.subgraphs[0];
  std::string s = fmt::format("{:>4}  {:<18} {:>10}  {:<10} {:>11} {:>11} {:>11} {:>4}\n", "op",
                              "type", "SQNR dB", "estimator", "min", "max", "scale", "zp");
  for (const LayerSqnr& layer : r.evaluation->layers) {
    const RangeChoice& range = r.result->ranges[layer.tensor];
    const ir::Tensor& q = qg.tensors[layer.tensor];
    if (!(range.range.min <= range.range.max)) {  // not a float tensor (e.g. a bool condition)
      s += fmt::format("{:>4}  {:<18} {:>10}  ({}, not quantized)\n", layer.op,
                       ir::op_type_name(fg.ops[layer.op].type), db_text(layer.sqnr.db()),
                       ir::dtype_name(q.dtype));
      continue;
    }
    s += fmt::format("{:>4}  {:<18} {:>10}  {:<10} {:>11.5g} {:>11.5g} {:>11.5g} {:>4}\n", layer.op,
                     ir::op_type_name(fg.ops[layer.op].type), db_text(layer.sqnr.db()),
                     estimator_name(range.estimator), range.range.min, range.range.max,
                     q.quant ? q.quant->scale[0] : 0.0f, q.quant ? q.quant->zero_point[0] : 0);
  }
  for (size_t o = 0; o < r.evaluation->outputs.size(); ++o) {
    s += fmt::format("output '{}': SQNR {} dB vs float\n", fg.tensors[fg.outputs[o]].name,
                     db_text(r.evaluation->outputs[o].db()));
  }
  if (r.sensitivity && !r.sensitivity->empty()) {
    s += "sensitivity (output SQNR dB with the op alone kept in float):\n";
    for (const OpSensitivity& o : *r.sensitivity) {
      s += fmt::format("{:>4}  {:<18} {:>10}\n", o.op, ir::op_type_name(fg.ops[o.op].type),
                       db_text(o.sqnr_db));
    }
  }
  if (!r.options->keep_float.empty()) {
    s += fmt::format("kept in float: ops {}\n", fmt::join(r.options->keep_float, ", "));
  }
  s += fmt::format("top-1 agreement with float: {}/{}\n", r.evaluation->top1_agree,
                   r.evaluation->samples);
  s += fmt::format("calibration samples {}, evaluated on {} ({} samples)\n", r.calibration_samples,
                   r.evaluation_source, r.evaluation->samples);
  s += fmt::format("size: {} B float -> {} B int8 ({:.1f}%)\n", r.float_bytes, r.int8_bytes,
                   r.float_bytes ? 100.0 * r.int8_bytes / r.float_bytes : 0.0);
  return s;
}

}  // namespace mote::quantize
