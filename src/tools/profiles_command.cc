#include "profiles_command.h"

#include <fmt/format.h>

#include "common.h"
#include "fasdl/formats/files.h"
#include "fasdl/formats/profile_list.h"
#include "vocabulary.h"

namespace fasdl::cli {

CLI::App* add_profiles_command(CLI::App& app, ProfilesOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "profiles",
      "List the profile catalog: memory range, measured columns, architecture, price date, "
      "lifetime and platform terms");
  cmd->add_option("--format", o.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  add_quiet_flag(*cmd);
  cmd->footer(
      "A name resolves to profiles/NAME.json in $FASDL_DATA_DIR, the installed data folder\n"
      "or (in a build tree) the sources; docs/profiles.md says what each holds. Examples:\n"
      "  fasdl-plan profiles\n"
      "  fasdl-plan --profile fasdl-reference --model resnet50 --deadline 2h");
  return cmd;
}

int run_profiles(const ProfilesOptions& o) {
  std::vector<ProfileListing> listings;
  for (const CatalogEntry& e : catalog(CatalogKind::kProfile)) {
    auto profile = load_profile(e.path);
    if (!profile) return report(profile.error());
    ProfileListing l{e.name, {}, e.name == kDefaultProfile, std::move(profile).value()};
    for (const CatalogAlias& alias : kProfileAliases) {
      if (e.name == alias.profile) l.aliases.emplace_back(alias.name);
    }
    listings.push_back(std::move(l));
  }
  const auto format = output_format_from_string(o.format);
  if (!format) return report(format.error());
  out(format_profile_list(listings, *format));
  return kExitOk;
}

}  // namespace fasdl::cli
