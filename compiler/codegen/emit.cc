#include "compiler/codegen/emit.h"

#include <fstream>

#include "compiler/codegen/build_files.h"
#include "compiler/codegen/model_source.h"
#include "compiler/codegen/tree_files.h"
#include "compiler/ir/error.h"

namespace mote::codegen {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, std::string_view contents) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (ec || !out) throw Error(ErrorCode::kIo, path.string() + ": cannot write");
}

// Folders emit_c owns: replaced, so no file of an earlier model lingers.
void remove_owned(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) throw Error(ErrorCode::kIo, path.string() + ": cannot remove: " + ec.message());
}

}  // namespace

EmitSummary emit_c(const plan::Executable& exe, const fs::path& dir, const EmitOptions& options) {
  const ModelSources sources = generate_model_sources(exe);
  const std::vector<TreeFile> runtime = runtime_files(sources.functions);
  const std::vector<TreeFile> board = target_files(options.target);

  EmitSummary summary;
  summary.arena_bytes = exe.plan().arena_bytes;
  summary.constant_bytes = sources.constant_bytes;
  summary.num_calls = sources.num_calls;
  summary.has_target_files = !board.empty();
  for (const TreeFile& f : runtime) {
    if (f.path.size() > 3 && f.path.compare(f.path.size() - 3, 3, ".cc") == 0) {
      summary.kernel_sources.push_back(f.path);
    }
  }

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::kIo, dir.string() + ": cannot create: " + ec.message());
  remove_owned(dir / "mote");
  remove_owned(dir / "target");

  const std::string model_name = fs::path(exe.program().model->path).filename().string();
  write_file(dir / "model.h", sources.model_h);
  write_file(dir / "model.c", sources.model_c);
  write_file(dir / "model_data.h", sources.model_data_h);
  write_file(dir / "model_data.c", sources.model_data_c);
  for (const TreeFile& f : runtime) write_file(dir / f.path, f.contents);
  for (const TreeFile& f : board) write_file(dir / f.path, f.contents);
  write_file(dir / "Makefile", makefile_text(model_name, summary.kernel_sources));
  write_file(dir / "CMakeLists.txt", cmakelists_text(model_name, summary.kernel_sources));
  write_file(dir / "arm-none-eabi.cmake", arm_toolchain_text());
  return summary;
}

}  // namespace mote::codegen
