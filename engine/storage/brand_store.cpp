// Database: the brands stored beside the index (the `brands` column family), keyed by
// brand_key.
#include <fmt/format.h>

#include "analysis/vocabulary.h"
#include "storage/database_impl.h"
#include "storage/layout.h"

namespace mikros {

std::string brand_key(std::string_view name) {
  return vocab::run_together(name);
}

namespace {

// Read-only handles follow a writer's brand changes on every brand read: brands are small and
// read once per search at most, and a brand change starts no generation to notice otherwise.
Status follow_writer(const Database::Impl& impl, const store::Store& store) {
  if (!impl.options.read_only) return Status::ok();
  return store.catch_up(UINT64_MAX);
}

}  // namespace

Status Database::put_brand(Brand brand) {
  if (impl_->options.read_only) return Status::invalid_argument("database opened read-only");
  if (Status st = validate_brand(brand); !st) return st;
  MutexLock lock(impl_->named_mu);
  return impl_->store()->put_named(layout::kCfBrands, brand_key(brand.name), to_json(brand));
}

Result<Brand> Database::brand(std::string_view name) const {
  return load_brand(*impl_, name);
}

Result<Brand> load_brand(const Database::Impl& impl, std::string_view name) {
  auto store = impl.store();
  if (Status st = follow_writer(impl, *store); !st) return st;
  auto json = store->get_named(layout::kCfBrands, brand_key(name));
  if (!json) return json.status();
  if (!*json) return Status::not_found(fmt::format("no brand named \"{}\"", name));
  auto b = parse_brand(**json);
  if (!b)
    return Status::corruption(
        fmt::format("stored brand \"{}\" is damaged: {}", name, b.status().message()));
  return b;
}

Result<std::vector<Brand>> Database::brands() const {
  auto store = impl_->store();
  if (Status st = follow_writer(*impl_, *store); !st) return st;
  std::vector<Brand> out;
  Status damaged;
  Status st =
      store->scan_named(layout::kCfBrands, [&](std::string_view key, std::string_view json) {
        auto b = parse_brand(json);
        if (b) {
          out.push_back(std::move(*b));
        } else if (damaged) {
          damaged = Status::corruption(fmt::format("stored brand \"{}\" is damaged", key));
        }
      });
  if (!st) return st;
  if (!damaged) return damaged;
  return out;
}

Status Database::remove_brand(std::string_view name) {
  if (impl_->options.read_only) return Status::invalid_argument("database opened read-only");
  MutexLock lock(impl_->named_mu);
  auto store = impl_->store();
  auto existing = store->get_named(layout::kCfBrands, brand_key(name));
  if (!existing) return existing.status();
  if (!*existing) return Status::not_found(fmt::format("no brand named \"{}\"", name));
  return store->delete_named(layout::kCfBrands, brand_key(name));
}

}  // namespace mikros
