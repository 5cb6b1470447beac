#!/usr/bin/env python3
"""The plugin's options have one source (issue 22, point 4): the options
schema (schemas/zoom.connector_options.schema.json), which the plugin embeds
and hands over as info_json's "options_schema". Every place that lists the
options must list exactly its keys:
  - host_sim's help (every command's: made from the plugin at run time);
  - the Airbyte spec's "deployment" object (airbyte_source spec);
  - the README, which points to the help and the schema instead of a list.
The plugin's own check (connector_config) is held to the schema by
core_tests (Config.OptionTableAgreesWithTheOptionsSchema) and
documents.match_their_schemas. A plugin that cannot be loaded makes the
help say so in one line.

usage: options_one_source_test.py --host-sim HOST_SIM --airbyte-source SOURCE
           --plugin PLUGIN --schema SCHEMA --readme README
"""
import argparse
import json
import os
import re
import subprocess
import sys

COMMANDS = ["info", "form", "authenticate", "list", "validate", "delete", "fetch", "write", "serve"]
HEADER = "The plugin's options"

failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def options_in_help(text):
    """The option names of the help's options section (two spaces, a name)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(HEADER)), None)
    if start is None:
        return None
    names = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        match = re.match(r"^  ([a-z_][a-z0-9_]*)(\s|$)", line)
        if match:
            names.append(match.group(1))
    return names


def main():
    parser = argparse.ArgumentParser()
    for name in ("--host-sim", "--airbyte-source", "--plugin", "--schema", "--readme"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    with open(args.schema) as f:
        keys = list(json.load(f)["properties"])
    check(len(keys) > 10, f"the schema lists the options ({len(keys)})")

    for command in COMMANDS:
        help_text = subprocess.run([args.host_sim, command, "--help", "--plugin", args.plugin],
                                   capture_output=True, text=True, check=True).stdout
        check(options_in_help(help_text) == keys,
              f"host_sim {command} --help lists the schema's options, in its order")
    top = subprocess.run([args.host_sim, "--help"], capture_output=True, text=True,
                         env={**os.environ, "HOST_SIM_PLUGIN_DIR": os.path.dirname(args.plugin)},
                         check=True)
    check(options_in_help(top.stdout) == keys, "host_sim --help lists the schema's options")

    broken = subprocess.run([args.host_sim, "fetch", "--help", "--plugin", args.readme],
                            capture_output=True, text=True, check=True).stdout
    said = [line for line in broken.splitlines() if line.startswith(HEADER)]
    check(len(said) == 1 and "cannot be loaded" in said[0] and options_in_help(broken) == [],
          "without a plugin the help says so in one line: " + " | ".join(said))

    spec = subprocess.run([args.airbyte_source, "spec", "--plugin", args.plugin],
                          capture_output=True, text=True, check=True).stdout
    message = next(json.loads(line) for line in spec.splitlines() if '"SPEC"' in line)
    deployment = message["spec"]["connectionSpecification"]["properties"]["deployment"]
    check(list(deployment["properties"]) == keys,
          "the Airbyte spec's deployment object lists the schema's options, in its order")
    check(all("title" in field and ("type" in field or "enum" in field)
              for field in deployment["properties"].values()),
          "each deployment option has a title and a type")

    with open(args.readme) as f:
        readme = f.read()
    section = readme.split("## Plugin options", 1)[1].split("\n## ", 1)[0]
    check("schemas/zoom.connector_options.schema.json" in section and "--help" in section,
          "the README's options section points to the schema and the help")
    listed = [key for key in keys if f"`{key}`" in section and f"\"{key}\"" not in section]
    check(listed == [], "the README's options section keeps no list of its own: " + ", ".join(listed))

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
