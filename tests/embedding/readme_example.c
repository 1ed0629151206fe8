/* The C example of the README ("Embedding mikros"); a test keeps the two identical. */
#include <inttypes.h>
#include <mikros/mikros.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  mikros_db* db = NULL;
  mikros_error* err = NULL;
  if (mikros_open(argc > 1 ? argv[1] : "profiles.mikros", NULL, &db, &err) != MIKROS_OK) {
    fprintf(stderr, "%s\n", mikros_error_string(err));
    mikros_error_free(err);
    return 1;
  }

  /* Index a batch of JSON lines: bad records are reported, the others committed. */
  const char* batch =
      "{\"platform\":\"instagram\",\"handle\":\"maya_slowstyle\",\"country\":\"US\","
      "\"bio\":\"Slow fashion lover\",\"followers\":23400,\"engagement_rate\":0.041}\n"
      "{\"platform\":\"tiktok\",\"handle\":\"haulqueen\",\"followers\":\"many\"}\n";
  mikros_index_report* report = NULL;
  if (mikros_index_jsonl(db, batch, strlen(batch), &report, &err) != MIKROS_OK) {
    fprintf(stderr, "%s\n", mikros_error_string(err));
    mikros_error_free(err);
  }
  for (size_t i = 0; i < mikros_report_rejected(report); ++i) {
    fprintf(stderr, "line %" PRIu64 ": %s\n", mikros_report_rejection_line(report, i),
            mikros_report_rejection_reason(report, i));
  }
  mikros_report_free(report);

  /* Search, then read the hits field by field, or all at once as JSON. */
  mikros_result* result = NULL;
  if (mikros_search(db, "\"slow fashion\" tier:micro", NULL, &result, &err) != MIKROS_OK) {
    fprintf(stderr, "%s\n", mikros_error_string(err)); /* e.g. "query syntax: at 4: ..." */
    mikros_error_free(err);
    mikros_close(db);
    return 1;
  }
  for (size_t i = 0; i < mikros_result_count(result); ++i) {
    printf("%s %s %" PRIu64 " followers", mikros_hit_key(result, i),
           mikros_hit_tier_name(result, i), mikros_hit_followers(result, i));
    if (mikros_hit_has_engagement_rate(result, i)) {
      printf(", er %.1f%%", 100 * mikros_hit_engagement_rate(result, i));
    }
    printf("\n");
  }
  printf("%s\n", mikros_result_json(result)); /* valid until mikros_result_free */
  mikros_result_free(result);
  mikros_close(db);
  return 0;
}
