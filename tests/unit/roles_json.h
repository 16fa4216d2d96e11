/*
 * The smallest intents file that gives every role the engine needs, for tests and fuzzers that load
 * intents of their own beside it (test_engine, test_prefilter, fuzz_intents).
 */
#ifndef CAREERBOT_ROLES_JSON_H
#define CAREERBOT_ROLES_JSON_H

static const char roles_json[] =
    "{\"intents\": [\n"
    "{\"id\": \"f\", \"role\": \"fallback\", \"responses\": [\"?\"]},\n"
    "{\"id\": \"s\", \"role\": \"start\", \"responses\": [\"hi\"]},\n"
    "{\"id\": \"a\", \"role\": \"ask_career\", \"responses\": [\"which?\"]},\n"
    "{\"id\": \"u\", \"role\": \"unknown_career\", \"responses\": [\"no {slot.career}\"]},\n"
    "{\"id\": \"d\", \"role\": \"career_only\", \"career\": \"required\", \"responses\": [\"{career.summary}\"]},\n"
    "{\"id\": \"c\", \"role\": \"clarify_career\", \"responses\": [\"{slot.options}?\"]}\n"
    "],\n"
    "\"messages\": {\"list.more\": \"{slot.count}+\", \"list.or\": \"|\", \"list.comma\": \",\", \"list.all_careers\": "
    "\"careers\", \"list.none\": \"-\"}}\n";

#endif
