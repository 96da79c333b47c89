#include "engine/dissect/dissector_registry.h"

namespace wirelab::dissect {

void DissectorRegistry::add_protocol(ProtocolInfo proto, std::vector<FieldInfo> fields) {
  add_field({proto.abbrev, proto.name, FieldType::Protocol});
  for (auto& f : fields) add_field(std::move(f));
  std::string key = proto.abbrev;
  protocols_[key] = std::move(proto);
}

void DissectorRegistry::add_field(FieldInfo field) {
  std::string key = field.abbrev;
  fields_[key] = std::move(field);
}

void DissectorRegistry::add_dissector(const std::string& table, std::uint32_t key, DissectFn fn) {
  tables_[table][key] = fn;
}

void DissectorRegistry::add_named(const std::string& name, DissectFn fn) { named_[name] = fn; }

DissectFn DissectorRegistry::find(std::string_view table, std::uint32_t key) const {
  auto t = tables_.find(table);
  if (t == tables_.end()) return nullptr;
  auto d = t->second.find(key);
  return d == t->second.end() ? nullptr : d->second;
}

DissectFn DissectorRegistry::find_named(std::string_view name) const {
  auto d = named_.find(name);
  return d == named_.end() ? nullptr : d->second;
}

const FieldInfo* DissectorRegistry::field(std::string_view abbrev) const {
  auto f = fields_.find(abbrev);
  return f == fields_.end() ? nullptr : &f->second;
}

const ProtocolInfo* DissectorRegistry::protocol(std::string_view abbrev) const {
  auto p = protocols_.find(abbrev);
  return p == protocols_.end() ? nullptr : &p->second;
}

}  // namespace wirelab::dissect
