// The Lucene peer of mikros-bench (docs/benchmarks.md, "Lucene"): a small program against
// Debian's liblucene8-java, compiled by the benchmark at run time (tools/bench/lucene.cpp holds
// this file's text, built in by CMake) and run as a child process, one thread, fixed heap.
//
//   index INPUT DIR RAM_MB   builds the index in DIR from the rows in INPUT (one profile a line,
//                            tab-separated, written by the benchmark); prints one JSON line.
//   search DIR WARM          opens DIR, runs the queries in WARM untimed (JIT warm-up), says
//                            "ready", then answers one query line from stdin at a time with
//                            "total returned wall_ns cpu_ns" and the hits' keys, tab-separated;
//                            "stats" prints one JSON line (peak memory).
//
// The text is the words mikros indexed (as FTS5 gets them), split at spaces only and
// lowercased, like FTS5's unicode61 with every category part of a word. Filters are exact:
// tier and country as keyword terms, engagement as a DoublePoint range, the audience as
// points; totals are exact (a total-hits threshold of Integer.MAX_VALUE).
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressingStoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.lucene87.Lucene87Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopDocsCollector;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public final class MikrosLucenePeer {
  static final int TOP = 20;
  // Rows read (untimed) before each timed stretch of indexing, so the input never has to fit
  // in the heap at once.
  static final int READ_BATCH = 10_000;
  // Query runs of the search warm-up: enough for the JIT's optimising compiler to have compiled
  // the search's hot paths (it compiles a method after some 10,000 calls or loop iterations).
  static final int WARM_QUERIES = 3_000;

  // Words separated by spaces, lowercased: each word mikros indexed is one token.
  static final class WordsAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer source = new WhitespaceTokenizer();
      return new TokenStreamComponents(source, new LowerCaseFilter(source));
    }
  }

  // Lucene 8.7's default codec with the stored fields of Lucene up to 8.6: LZ4 in chunks of
  // 16 KB. With 8.7's own (larger blocks with a preset dictionary) reading the 20 hits' stored
  // profiles took 2.2-6.6 ms a query at 50,000 profiles on a loaded machine, 1.5 to 5 times the
  // search; with 16 KB chunks 1.5-3.8 ms. A Lucene user who shows stored fields per hit would
  // tune it so. Found by name when the index is opened:
  // the benchmark lists it in classes/META-INF/services/org.apache.lucene.codecs.Codec.
  public static final class PeerCodec extends FilterCodec {
    private final StoredFieldsFormat stored =
        new CompressingStoredFieldsFormat(
            "MikrosPeerStoredFields", CompressionMode.FAST, 1 << 14, 128, 10);

    public PeerCodec() {
      super("MikrosPeerCodec", new Lucene87Codec());
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
      return stored;
    }
  }

  // An audience country's share as one long: the two letters of the code, then the level, so
  // "at least level L in country C" is one range of a multi-valued point field.
  static long audienceValue(String code, int level) {
    return ((long) code.charAt(0) << 24) | ((long) code.charAt(1) << 8) | level;
  }

  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  // VmHWM of this process, in bytes (the benchmark reports every phase's peak the same way).
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return 1024L * Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown: reported as 0
    }
    return 0;
  }

  // One input row: key, country, tier, followers, engagement (empty: unknown), female level
  // (255: unknown), audience "CC:level CC:level", name, bio, hashtags, categories, profile.
  static Document document(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 12) throw new IllegalArgumentException("bad input row: " + f.length + " fields");
    Document d = new Document();
    d.add(new StoredField("key", f[0]));
    if (!f[1].isEmpty()) d.add(new StringField("country", f[1], Field.Store.NO));
    d.add(new StringField("tier", f[2], Field.Store.NO));
    d.add(new NumericDocValuesField("followers", Long.parseLong(f[3])));
    if (!f[4].isEmpty()) d.add(new DoublePoint("er", Double.parseDouble(f[4])));
    int female = Integer.parseInt(f[5]);
    if (female != 255) d.add(new IntPoint("female", female));
    if (!f[6].isEmpty()) {
      for (String share : f[6].split(" ")) {
        int colon = share.indexOf(':');
        d.add(
            new LongPoint(
                "aud",
                audienceValue(share.substring(0, colon), Integer.parseInt(share.substring(colon + 1)))));
      }
    }
    for (int i = 7; i <= 10; ++i) {
      if (!f[i].isEmpty()) d.add(new TextField("text", f[i], Field.Store.NO));
    }
    d.add(new StoredField("profile", f[11]));
    return d;
  }

  static void index(String input, String dir, double ramMb) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(new WordsAnalyzer());
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(ramMb);
    config.setCodec(new PeerCodec());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long profiles = 0;
    double timed = 0, readCpu = 0;
    double cpu0 = cpuSeconds();
    double mergeSeconds;
    try (BufferedReader in = Files.newBufferedReader(Paths.get(input), StandardCharsets.UTF_8);
        IndexWriter writer = new IndexWriter(FSDirectory.open(Paths.get(dir)), config)) {
      List<String> batch = new ArrayList<>(READ_BATCH);
      for (; ; ) {
        long readCpu0 = threads.getCurrentThreadCpuTime();
        batch.clear();
        String line;
        while (batch.size() < READ_BATCH && (line = in.readLine()) != null) batch.add(line);
        readCpu += (threads.getCurrentThreadCpuTime() - readCpu0) / 1e9;
        if (batch.isEmpty()) break;
        long t0 = System.nanoTime();
        for (String row : batch) writer.addDocument(document(row));
        timed += (System.nanoTime() - t0) / 1e9;
        profiles += batch.size();
      }
      long t0 = System.nanoTime();
      writer.commit();
      long t1 = System.nanoTime();
      writer.forceMerge(1);
      writer.commit();
      long t2 = System.nanoTime();
      timed += (t2 - t0) / 1e9;
      mergeSeconds = (t2 - t1) / 1e9;
    }
    System.out.printf(
        Locale.ROOT,
        "{\"profiles\": %d, \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"force_merge_seconds\":"
            + " %.6f, \"ram_buffer_mb\": %.1f, \"lucene_version\": \"%s\", \"peak_rss_bytes\": %d}%n",
        profiles,
        timed,
        cpuSeconds() - cpu0 - readCpu,
        mergeSeconds,
        ramMb,
        Version.LATEST,
        peakRssBytes());
  }

  static Query term(String field, String value) {
    return new TermQuery(new Term(field, value));
  }

  // A query line: mix, word1, word2, country, then two numbers: the engagement bounds as
  // doubles (the values mikros's parser reads), or for the audience mix the levels of the
  // country share and of the female share.
  static final class Search {
    final IndexSearcher searcher;
    final Sort byFollowers = new Sort(new SortField("followers", SortField.Type.LONG, true));
    long checksum = 0;

    Search(IndexSearcher searcher) {
      this.searcher = searcher;
    }

    Query build(String[] q) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      String mix = q[0];
      boolean words = mix.equals("docpair") || mix.equals("rare") || mix.equals("text");
      if (words) {
        b.add(term("text", q[1]), BooleanClause.Occur.MUST);
        b.add(term("text", q[2]), BooleanClause.Occur.MUST);
      }
      if (mix.equals("text")) return b.build();
      b.add(term("tier", "micro"), BooleanClause.Occur.FILTER);
      b.add(term("country", q[3]), BooleanClause.Occur.FILTER);
      if (mix.equals("audience")) {
        int level = Integer.parseInt(q[4]);
        b.add(
            LongPoint.newRangeQuery(
                "aud", audienceValue(q[3], level), audienceValue(q[3], 255)),
            BooleanClause.Occur.FILTER);
        b.add(IntPoint.newRangeQuery("female", Integer.parseInt(q[5]), 254), BooleanClause.Occur.FILTER);
      } else {
        b.add(
            DoublePoint.newRangeQuery("er", Double.parseDouble(q[4]), Double.parseDouble(q[5])),
            BooleanClause.Occur.FILTER);
      }
      return b.build();
    }

    // Runs one query line; the answer line (timed part: search and reading the hits' stored
    // key and profile, as mikros returns stored profiles).
    String run(String line) throws IOException {
      String[] q = line.split("\t", -1);
      if (q.length != 6) throw new IllegalArgumentException("bad query: " + line);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Query query = build(q);
      boolean sorted = q[0].equals("filters") || q[0].equals("audience");
      TopDocsCollector<?> collector =
          sorted
              ? TopFieldCollector.create(byFollowers, TOP, Integer.MAX_VALUE)
              : TopScoreDocCollector.create(TOP, Integer.MAX_VALUE);
      searcher.search(query, collector);
      TopDocs top = collector.topDocs();
      StringBuilder keys = new StringBuilder();
      for (ScoreDoc sd : top.scoreDocs) {
        Document d = searcher.doc(sd.doc);
        keys.append('\t').append(d.get("key"));
        checksum += d.get("profile").length();
      }
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - c0;
      if (top.totalHits.relation != TotalHits.Relation.EQUAL_TO) {
        throw new IllegalStateException("inexact total for " + line);
      }
      return top.totalHits.value + " " + top.scoreDocs.length + " " + wall + " " + cpu + keys;
    }
  }

  static void search(String dir, String warmFile, double warmSeconds) throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(Paths.get(dir)))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setQueryCache(null);  // every query does its work, as in the other engines
      Search s = new Search(searcher);
      // Warm-up (untimed): the warm-up queries, over and over, so the JIT has compiled the
      // search before the first timed query: until WARM_QUERIES have run, or for at most
      // warmSeconds (a loaded machine runs the interpreted first rounds slowly).
      List<String> warm = Files.readAllLines(Paths.get(warmFile), StandardCharsets.UTF_8);
      long until = System.nanoTime() + (long) (warmSeconds * 1e9);
      int rounds = 0;
      while (!warm.isEmpty() && rounds * warm.size() < WARM_QUERIES && System.nanoTime() < until) {
        for (String w : warm) s.run(w);
        ++rounds;
      }
      PrintStream out = System.out;
      out.println("ready");
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("stats")) {
          out.printf(
              Locale.ROOT,
              "{\"peak_rss_bytes\": %d, \"warmup_rounds\": %d, \"warmup_queries\": %d,"
                  + " \"lucene_version\": \"%s\", \"checksum\": %d}%n",
              peakRssBytes(), rounds, warm.size(), Version.LATEST, s.checksum);
        } else {
          out.println(s.run(line));
        }
        out.flush();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("index")) {
      index(args[1], args[2], Double.parseDouble(args[3]));
    } else if (args.length == 4 && args[0].equals("search")) {
      search(args[1], args[2], Double.parseDouble(args[3]));
    } else {
      System.err.println(
          "usage: MikrosLucenePeer index INPUT DIR RAM_MB | search DIR WARM WARM_SECONDS");
      System.exit(2);
    }
  }
}
