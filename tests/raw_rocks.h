// Direct access to the RocksDB half of an index, for tests that damage or rewrite what the
// engine stored (the durability, integrity and migration suites).
#ifndef MIKROS_TESTS_RAW_ROCKS_H
#define MIKROS_TESTS_RAW_ROCKS_H

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

// The RocksDB database at `path` (an index's rocks/ folder) with every column family open.
struct RawRocks {
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::vector<std::string> names;

  explicit RawRocks(const std::string& path) {
    rocksdb::DBOptions options;
    REQUIRE(rocksdb::DB::ListColumnFamilies(options, path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    REQUIRE(rocksdb::DB::Open(options, path, cfs, &handles, &db).ok());
  }
  ~RawRocks() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  RawRocks(const RawRocks&) = delete;
  RawRocks& operator=(const RawRocks&) = delete;

  rocksdb::ColumnFamilyHandle* cf(const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return handles[i];
    }
    FAIL("no column family " << name);
    return nullptr;
  }
  std::string get(const std::string& family, const std::string& key) {
    std::string value;
    REQUIRE(db->Get(rocksdb::ReadOptions(), cf(family), key, &value).ok());
    return value;
  }
  void put(const std::string& family, const std::string& key, const std::string& value) {
    REQUIRE(db->Put(rocksdb::WriteOptions(), cf(family), key, value).ok());
  }
  void del(const std::string& family, const std::string& key) {
    REQUIRE(db->Delete(rocksdb::WriteOptions(), cf(family), key).ok());
  }
};

#endif  // MIKROS_TESTS_RAW_ROCKS_H
