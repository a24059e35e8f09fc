# Built-in model presets as data: core/sources/presets/index.tsv (one row per preset) and
# core/sources/presets/<id>.json (its config.json text) become one generated C++ source,
# presets_data.cpp, compiled into vramcalc_core. The core stays free of I/O, the data
# stays reviewable as plain files, and no Python is needed at build time (the same
# script serves the native and the Emscripten builds).
#
# Two roles in one file:
#   include()d from core/CMakeLists.txt (after vramcalc_core is defined): adds the
#     custom command that regenerates presets_data.cpp whenever a data file changes;
#   run with `cmake -P` by that command: PRESETS_DIR, OUTPUT and SCRIPT are set, and
#     the file is written.
#
# index.tsv columns (tab-separated, a header row first):
#   id  name  repo  source  params  params_kind  params_source
# params is an exact published count (digits) or empty; params_kind is "learnable" or
# "checkpoint" when params is given, else empty. Text cells hold no tabs or newlines.

if(NOT CMAKE_SCRIPT_MODE_FILE)
  set(_presets_dir "${CMAKE_CURRENT_SOURCE_DIR}/sources/presets")
  set(_presets_out "${CMAKE_CURRENT_BINARY_DIR}/presets_data.cpp")
  file(GLOB _preset_jsons CONFIGURE_DEPENDS "${_presets_dir}/*.json")
  add_custom_command(
    OUTPUT "${_presets_out}"
    COMMAND "${CMAKE_COMMAND}" "-DPRESETS_DIR=${_presets_dir}" "-DOUTPUT=${_presets_out}"
            -P "${CMAKE_CURRENT_LIST_FILE}"
    DEPENDS "${_presets_dir}/index.tsv" ${_preset_jsons} "${CMAKE_CURRENT_LIST_FILE}"
    COMMENT "Embedding model presets from core/sources/presets"
    VERBATIM)
  target_sources(vramcalc_core PRIVATE "${_presets_out}")
  return()
endif()

# ---- script mode ------------------------------------------------------------------

cmake_minimum_required(VERSION 3.20)  # policies for script mode (IN_LIST, ...)

if(NOT PRESETS_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "embed_presets.cmake: pass -DPRESETS_DIR=... -DOUTPUT=...")
endif()

# A C++ string literal for one index cell.
function(_cpp_string out text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  set(${out} "\"${text}\"" PARENT_SCOPE)
endfunction()

# CMake lists split on ';' and treat '[' ']' specially: hide them while splitting.
set(_semi "@VRAMCALC_SEMI@")
set(_lbr "@VRAMCALC_LBR@")
set(_rbr "@VRAMCALC_RBR@")
function(_unhide out text)
  string(REPLACE "${_semi}" ";" text "${text}")
  string(REPLACE "${_lbr}" "[" text "${text}")
  string(REPLACE "${_rbr}" "]" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

file(READ "${PRESETS_DIR}/index.tsv" _index)
string(REPLACE "\r" "" _index "${_index}")
string(REPLACE ";" "${_semi}" _index "${_index}")
string(REPLACE "[" "${_lbr}" _index "${_index}")
string(REPLACE "]" "${_rbr}" _index "${_index}")
string(REPLACE "\n" ";" _lines "${_index}")

set(_expected_header "id\tname\trepo\tsource\tparams\tparams_kind\tparams_source")
set(_body "")
set(_count 0)
set(_ids "")
set(_line_no 0)
foreach(_line IN LISTS _lines)
  math(EXPR _line_no "${_line_no} + 1")
  if(_line STREQUAL "")
    continue()
  endif()
  if(_line_no EQUAL 1)
    if(NOT _line STREQUAL _expected_header)
      message(FATAL_ERROR "index.tsv:1: header must be: ${_expected_header}")
    endif()
    continue()
  endif()
  string(REPLACE "\t" ";" _cells "${_line}")
  list(LENGTH _cells _n)
  if(NOT _n EQUAL 7)
    message(FATAL_ERROR "index.tsv:${_line_no}: ${_n} cells, expected 7 (tab-separated)")
  endif()
  list(GET _cells 0 _id)
  list(GET _cells 1 _name)
  list(GET _cells 2 _repo)
  list(GET _cells 3 _source)
  list(GET _cells 4 _params)
  list(GET _cells 5 _kind)
  list(GET _cells 6 _psource)
  if(NOT _id MATCHES "^[a-z0-9][a-z0-9.]*(-[a-z0-9.]+)*$")
    message(FATAL_ERROR "index.tsv:${_line_no}: id '${_id}' must be lowercase, dash-separated")
  endif()
  if("${_id}" IN_LIST _ids)
    message(FATAL_ERROR "index.tsv:${_line_no}: duplicate id '${_id}'")
  endif()
  list(APPEND _ids "${_id}")
  foreach(_cell _name _repo _source)
    if("${${_cell}}" STREQUAL "")
      message(FATAL_ERROR "index.tsv:${_line_no}: '${_id}' has an empty ${_cell} cell")
    endif()
  endforeach()
  if(_params STREQUAL "")
    if(NOT _kind STREQUAL "" OR NOT _psource STREQUAL "")
      message(FATAL_ERROR "index.tsv:${_line_no}: '${_id}' has no params but a kind or source")
    endif()
    set(_params "0")
    set(_kind_enum "kNone")
  else()
    if(NOT _params MATCHES "^[1-9][0-9]*$")
      message(FATAL_ERROR "index.tsv:${_line_no}: params '${_params}' must be digits")
    endif()
    if(_kind STREQUAL "learnable")
      set(_kind_enum "kLearnable")
    elseif(_kind STREQUAL "checkpoint")
      set(_kind_enum "kCheckpoint")
    else()
      message(FATAL_ERROR "index.tsv:${_line_no}: params_kind must be learnable or checkpoint")
    endif()
    if(_psource STREQUAL "")
      message(FATAL_ERROR "index.tsv:${_line_no}: '${_id}' gives params without params_source")
    endif()
  endif()

  set(_json_path "${PRESETS_DIR}/${_id}.json")
  if(NOT EXISTS "${_json_path}")
    message(FATAL_ERROR "index.tsv:${_line_no}: no file ${_id}.json beside index.tsv")
  endif()
  file(READ "${_json_path}" _json)
  string(FIND "${_json}" ")vramcalc_json\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "${_id}.json contains the raw-string delimiter )vramcalc_json\"")
  endif()

  foreach(_cell _name _repo _source _psource)
    _unhide(_text "${${_cell}}")
    _cpp_string(${_cell}_lit "${_text}")
  endforeach()
  _unhide(_id_text "${_id}")
  _cpp_string(_id_lit "${_id_text}")
  string(APPEND _body
    "    {${_id_lit},\n"
    "     ${_name_lit},\n"
    "     ${_source_lit},\n"
    "     R\"vramcalc_json(${_json})vramcalc_json\",\n"
    "     ${_repo_lit}, ${_params}ULL, PublishedCount::${_kind_enum},\n"
    "     ${_psource_lit}},\n")
  math(EXPR _count "${_count} + 1")
endforeach()

if(_count EQUAL 0)
  message(FATAL_ERROR "index.tsv: no presets")
endif()

# Quoted arguments keep any ';' in the data intact.
string(CONCAT _text
  "// Generated by cmake/embed_presets.cmake from core/sources/presets/index.tsv and\n"
  "// core/sources/presets/<id>.json: edit those files, not this one.\n"
  "#include <cstddef>\n"
  "\n"
  "#include \"presets.h\"\n"
  "\n"
  "namespace vramcalc::presets_data {\n"
  "\n"
  "extern const Preset kPresets[];\n"
  "extern const std::size_t kPresetCount;\n"
  "\n"
  "const Preset kPresets[] = {\n"
  "${_body}"
  "};\n"
  "\n"
  "const std::size_t kPresetCount = ${_count};\n"
  "\n"
  "}  // namespace vramcalc::presets_data\n")

file(WRITE "${OUTPUT}" "${_text}")
