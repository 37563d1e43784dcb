#include "models_command.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common.h"
#include "fasdl/formats/files.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_models_command(CLI::App& app, ModelsOptions& o) {
  CLI::App* cmd =
      app.add_subcommand("models", "List the workload catalog: name, exchanged size and source");
  cmd->add_option("--format", o.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  add_quiet_flag(*cmd);
  cmd->footer(
      "A name resolves to configs/models/NAME.json in $FASDL_DATA_DIR, the installed data folder\n"
      "or (in a build tree) the sources. Examples:\n"
      "  fasdl-plan models\n"
      "  fasdl-plan --model resnet18 --deadline 2h");
  return cmd;
}

int run_models(const ModelsOptions& o) {
  const auto entries = catalog(CatalogKind::kModel);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::string table = fmt::format("{:<14} {:>9} {:>8} {:>6}  {}\n", "name", "size (MB)", "samples",
                                  "epochs", "source");
  for (const CatalogEntry& e : entries) {
    const auto w = load_workload(e.path);
    if (!w) return report(w.error());
    const std::string source = w->description.empty() ? e.path : w->description;
    table += fmt::format("{:<14} {:>9.2f} {:>8} {:>6}  {}\n", e.name, w->model_mb, w->samples,
                         w->epochs, source);
    list.push_back({{"name", e.name},
                    {"model_mb", w->model_mb},
                    {"samples", w->samples},
                    {"epochs", w->epochs},
                    {"source", source}});
  }
  out(o.format == "json" ? list.dump(2) + "\n" : table);
  return kExitOk;
}

}  // namespace fasdl::cli
