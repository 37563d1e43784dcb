#include "models_command.h"

#include <fmt/format.h>

#include "common.h"
#include "fasdl/formats/files.h"

namespace fasdl::cli {

CLI::App* add_models_command(CLI::App& app) {
  CLI::App* cmd =
      app.add_subcommand("models", "List the workload catalog: name, exchanged size and source");
  cmd->footer(
      "A name resolves to configs/models/NAME.json in $FASDL_DATA_DIR, the installed data folder\n"
      "or (in a build tree) the sources. Examples:\n"
      "  fasdl-plan models\n"
      "  fasdl-plan --model resnet18 --deadline 2h");
  return cmd;
}

int run_models() {
  const auto entries = catalog(CatalogKind::kModel);
  out("{:<14} {:>9} {:>8} {:>6}  {}\n", "name", "size (MB)", "samples", "epochs", "source");
  for (const CatalogEntry& e : entries) {
    const auto w = load_workload(e.path);
    if (!w) return report(w.error());
    out("{:<14} {:>9.2f} {:>8} {:>6}  {}\n", e.name, w->model_mb, w->samples, w->epochs,
        w->description.empty() ? e.path : w->description);
  }
  return kExitOk;
}

}  // namespace fasdl::cli
