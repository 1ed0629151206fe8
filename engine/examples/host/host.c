/* mikros-host-c: the example host application of host.cpp, written in C99 against the C API
 * (mikros/mikros.h). Same arguments, same requests, same answers, byte for byte:
 *
 *   mikros-host-c DB_DIR [PROFILES.jsonl]
 *
 * It shows the C API's conventions: every call returns a mikros_error_code and fills an
 * error object the caller frees; results are read field by field (list) or as JSON (search);
 * every object the library returns is freed with its own function. */
#include <inttypes.h>
#include <mikros/mikros.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints "error CODE MESSAGE" and frees the error. */
static void print_error(mikros_error* err) {
  printf("error %d %s\n", (int)mikros_error_get_code(err), mikros_error_string(err));
  mikros_error_free(err);
}

/* Reads a whole file into a malloc'd buffer; NULL when it cannot. */
static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  char* data = NULL;
  size_t used = 0, capacity = 0, n;
  if (!f) return NULL;
  do {
    if (used == capacity) {
      char* bigger;
      capacity = capacity ? capacity * 2 : 65536;
      bigger = realloc(data, capacity);
      if (!bigger) {
        free(data);
        fclose(f);
        return NULL;
      }
      data = bigger;
    }
    n = fread(data + used, 1, capacity - used, f);
    used += n;
  } while (n > 0);
  if (ferror(f)) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = used;
  return data;
}

/* Reads one line of any length without its newline; NULL at the end of the input. The
 * buffer is reused from call to call. */
static char* read_line(FILE* in, char** buffer, size_t* capacity) {
  size_t used = 0;
  for (;;) {
    size_t len;
    if (*capacity - used < 2) {
      size_t grown = *capacity ? *capacity * 2 : 4096;
      char* bigger = realloc(*buffer, grown);
      if (!bigger) return NULL;
      *buffer = bigger;
      *capacity = grown;
    }
    if (!fgets(*buffer + used, (int)(*capacity - used), in)) {
      return used > 0 ? *buffer : NULL;
    }
    len = strlen(*buffer + used);
    used += len;
    if (used > 0 && (*buffer)[used - 1] == '\n') {
      (*buffer)[--used] = '\0';
      if (used > 0 && (*buffer)[used - 1] == '\r') (*buffer)[--used] = '\0';
      return *buffer;
    }
  }
}

/* "1. instagram:maya_slowstyle | micro | 23400 followers | US | er 4.1% | score 1.37" */
static void list(const mikros_result* result) {
  size_t i, n = mikros_result_count(result);
  for (i = 0; i < n; ++i) {
    const char* country = mikros_hit_country(result, i);
    printf("%zu. %s | %s | %" PRIu64 " followers | %s | er ", i + 1, mikros_hit_key(result, i),
           mikros_hit_tier_name(result, i), mikros_hit_followers(result, i),
           country[0] ? country : "-");
    if (mikros_hit_has_engagement_rate(result, i)) {
      printf("%.1f%%", mikros_hit_engagement_rate(result, i) * 100);
    } else {
      printf("-");
    }
    printf(" | score %.2f\n", mikros_hit_score(result, i));
  }
  printf("%zu of %s%" PRIu64 " matches\n", n, mikros_result_total_exact(result) ? "" : "about ",
         mikros_result_total(result));
}

/* Answers one request; 0 when the host should stop. */
static int serve(char* line, mikros_db* db) {
  mikros_error* err = NULL;
  char* space = strchr(line, ' ');
  const char* arg = "";
  if (space) {
    *space = '\0';
    arg = space + 1;
  }
  if (strcmp(line, "quit") == 0) return 0;
  if (strcmp(line, "search") == 0 || strcmp(line, "list") == 0) {
    mikros_result* result = NULL;
    if (mikros_search(db, arg, NULL, &result, &err) != MIKROS_OK) {
      print_error(err);
    } else if (strcmp(line, "search") == 0) {
      const char* json = mikros_result_json(result);
      printf("%s\n", json ? json : "null");
    } else {
      list(result);
    }
    mikros_result_free(result);
  } else if (strcmp(line, "get") == 0) {
    char* json = NULL;
    if (mikros_get_json(db, arg, &json, &err) == MIKROS_OK) {
      printf("%s\n", json);
    } else {
      print_error(err);
    }
    mikros_free(json);
  } else if (strcmp(line, "add") == 0 || strcmp(line, "delete") == 0) {
    mikros_error_code code = strcmp(line, "add") == 0
                                 ? mikros_index_json(db, arg, strlen(arg), &err)
                                 : mikros_delete(db, arg, &err);
    if (code == MIKROS_OK) code = mikros_commit(db, &err);
    if (code == MIKROS_OK) {
      printf("ok\n");
    } else {
      print_error(err);
    }
  } else if (strcmp(line, "count") == 0) {
    printf("%" PRIu64 "\n", mikros_count(db));
  } else {
    printf("error %d %s: unknown request \"%s\" (search, list, get, add, delete, count, quit)\n",
           MIKROS_INVALID_ARGUMENT, mikros_error_code_name(MIKROS_INVALID_ARGUMENT), line);
  }
  fflush(stdout); /* the client waits for each answer */
  return 1;
}

int main(int argc, char** argv) {
  mikros_db* db = NULL;
  mikros_error* err = NULL;
  char* line = NULL;
  size_t capacity = 0;

  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: mikros-host-c DB_DIR [PROFILES.jsonl]\n");
    return 2;
  }
  if (mikros_open(argv[1], NULL, &db, &err) != MIKROS_OK) {
    fprintf(stderr, "mikros-host: %s\n", mikros_error_string(err));
    mikros_error_free(err);
    return 1;
  }

  if (argc == 3) {
    size_t size = 0, i;
    mikros_index_report* report = NULL;
    mikros_error_code code;
    char* data = read_file(argv[2], &size);
    if (!data) {
      fprintf(stderr, "mikros-host: cannot open %s\n", argv[2]);
      mikros_close(db);
      return 1;
    }
    code = mikros_index_jsonl(db, data, size, &report, &err);
    free(data);
    for (i = 0; i < mikros_report_rejected(report); ++i) {
      fprintf(stderr, "%s:%" PRIu64 ": %s\n", argv[2], mikros_report_rejection_line(report, i),
              mikros_report_rejection_reason(report, i));
    }
    printf("indexed %" PRIu64 " records: %" PRIu64 " accepted, %" PRIu64 " rejected\n",
           mikros_report_records(report), mikros_report_accepted(report),
           mikros_report_rejected(report));
    fflush(stdout);
    mikros_report_free(report);
    if (code != MIKROS_OK) {
      fprintf(stderr, "mikros-host: %s\n", mikros_error_string(err));
      mikros_error_free(err);
      mikros_close(db);
      return 1;
    }
  }

  while (read_line(stdin, &line, &capacity)) {
    if (line[0] == '\0' || line[0] == '#') continue;
    if (!serve(line, db)) break;
  }
  free(line);
  mikros_close(db);
  return 0;
}
