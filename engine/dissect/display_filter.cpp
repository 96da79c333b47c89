#include "engine/dissect/display_filter.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace wirelab::dissect {

enum class Op : std::uint8_t { Exists, Eq, Ne, Gt, Lt, Ge, Le, Contains };

struct DisplayFilter::Node {
  enum class Kind : std::uint8_t { And, Or, Not, Relation } kind = Kind::Relation;
  std::shared_ptr<const Node> left, right;  // And/Or: both; Not: left
  // Relation
  std::string field;
  FieldType type = FieldType::None;
  Op op = Op::Exists;
  FieldValue value;
  std::uint32_t mask = 0xffffffffu;  // IPv4 CIDR literal
};

namespace {

using NodePtr = std::shared_ptr<const DisplayFilter::Node>;
using Node = DisplayFilter::Node;

enum class Tok : std::uint8_t { End, Word, String, LParen, RParen, And, Or, Not, Cmp, Contains, Bad };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // word / string contents / operator spelling
  Op op = Op::Eq;    // for Cmp
  std::size_t pos = 0;
};

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '/' || c == '-';
}

std::vector<Token> lex(const std::string& s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    Token t;
    t.pos = i;
    if (i >= s.size()) {
      out.push_back(t);
      return out;
    }
    char c = s[i];
    auto two = [&](const char* op) { return s.compare(i, 2, op) == 0; };
    if (c == '(') { t.kind = Tok::LParen; t.text = "("; ++i; }
    else if (c == ')') { t.kind = Tok::RParen; t.text = ")"; ++i; }
    else if (two("&&")) { t.kind = Tok::And; t.text = "&&"; i += 2; }
    else if (two("||")) { t.kind = Tok::Or; t.text = "||"; i += 2; }
    else if (two("==")) { t.kind = Tok::Cmp; t.op = Op::Eq; t.text = "=="; i += 2; }
    else if (two("!=")) { t.kind = Tok::Cmp; t.op = Op::Ne; t.text = "!="; i += 2; }
    else if (two(">=")) { t.kind = Tok::Cmp; t.op = Op::Ge; t.text = ">="; i += 2; }
    else if (two("<=")) { t.kind = Tok::Cmp; t.op = Op::Le; t.text = "<="; i += 2; }
    else if (c == '>') { t.kind = Tok::Cmp; t.op = Op::Gt; t.text = ">"; ++i; }
    else if (c == '<') { t.kind = Tok::Cmp; t.op = Op::Lt; t.text = "<"; ++i; }
    else if (c == '!') { t.kind = Tok::Not; t.text = "!"; ++i; }
    else if (c == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char d = s[i++];
        if (d == '"') { closed = true; break; }
        if (d == '\\' && i < s.size()) d = s[i++];
        t.text.push_back(d);
      }
      t.kind = closed ? Tok::String : Tok::Bad;
      if (!closed) t.text = "unterminated string";
    } else if (word_char(c)) {
      while (i < s.size() && word_char(s[i])) t.text.push_back(s[i++]);
      const std::string& w = t.text;
      t.kind = Tok::Word;
      if (w == "and") t.kind = Tok::And;
      else if (w == "or") t.kind = Tok::Or;
      else if (w == "not") t.kind = Tok::Not;
      else if (w == "contains") t.kind = Tok::Contains;
      else if (w == "eq") { t.kind = Tok::Cmp; t.op = Op::Eq; }
      else if (w == "ne") { t.kind = Tok::Cmp; t.op = Op::Ne; }
      else if (w == "gt") { t.kind = Tok::Cmp; t.op = Op::Gt; }
      else if (w == "lt") { t.kind = Tok::Cmp; t.op = Op::Lt; }
      else if (w == "ge") { t.kind = Tok::Cmp; t.op = Op::Ge; }
      else if (w == "le") { t.kind = Tok::Cmp; t.op = Op::Le; }
    } else {
      t.kind = Tok::Bad;
      t.text = std::string("unexpected character '") + c + "'";
      ++i;
    }
    out.push_back(t);
    if (t.kind == Tok::Bad) {
      out.push_back(Token{Tok::End, {}, Op::Eq, i});
      return out;
    }
  }
}

std::optional<std::uint64_t> parse_uint(const std::string& w) {
  if (w.empty()) return std::nullopt;
  std::uint64_t v = 0;
  bool is_hex = w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
  std::size_t i = is_hex ? 2 : 0;
  for (; i < w.size(); ++i) {
    char c = w[i];
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (is_hex && std::isxdigit(static_cast<unsigned char>(c))) ? std::tolower(c) - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    std::uint64_t base = is_hex ? 16 : 10;
    if (v > (UINT64_MAX - static_cast<std::uint64_t>(d)) / base) return std::nullopt;
    v = v * base + static_cast<std::uint64_t>(d);
  }
  return v;
}

std::optional<std::int64_t> parse_int(const std::string& w) {
  bool neg = !w.empty() && w[0] == '-';
  auto u = parse_uint(neg ? w.substr(1) : w);
  if (!u || *u > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return neg ? -static_cast<std::int64_t>(*u) : static_cast<std::int64_t>(*u);
}

// Seconds with up to 9 decimals -> nanoseconds.
std::optional<std::int64_t> parse_seconds(const std::string& w) {
  bool neg = !w.empty() && w[0] == '-';
  std::string s = neg ? w.substr(1) : w;
  auto dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty()) whole = "0";
  if (frac.size() > 9 || whole.size() > 10) return std::nullopt;
  for (char c : whole + frac)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  while (frac.size() < 9) frac.push_back('0');
  std::int64_t ns = std::stoll(whole) * 1000000000 + std::stoll(frac);
  return neg ? -ns : ns;
}

class Parser {
 public:
  Parser(const std::string& text, const DissectorRegistry& reg) : toks_(lex(text)), reg_(reg) {}

  Result<NodePtr> parse() {
    if (toks_.front().kind == Tok::End) return NodePtr{};
    NodePtr n = parse_or();
    if (!error_.empty()) return fail();
    if (peek().kind != Tok::End) {
      set_error(peek().kind == Tok::Bad ? peek().text : "unexpected \"" + peek().text + "\"", peek().pos);
      return fail();
    }
    return n;
  }

 private:
  const Token& peek() const { return toks_[i_]; }
  Token next() { return toks_[i_ < toks_.size() - 1 ? i_++ : i_]; }
  Error fail() const { return make_error(ErrorKind::Invalid, error_ + " (column " + std::to_string(error_pos_ + 1) + ")"); }
  void set_error(std::string msg, std::size_t pos) {
    if (!error_.empty()) return;
    error_ = std::move(msg);
    error_pos_ = pos;
  }
  NodePtr bin(Node::Kind k, NodePtr a, NodePtr b) {
    auto n = std::make_shared<Node>();
    n->kind = k;
    n->left = std::move(a);
    n->right = std::move(b);
    return n;
  }

  NodePtr parse_or() {
    NodePtr l = parse_and();
    while (error_.empty() && peek().kind == Tok::Or) {
      next();
      l = bin(Node::Kind::Or, l, parse_and());
    }
    return l;
  }
  NodePtr parse_and() {
    NodePtr l = parse_unary();
    while (error_.empty() && peek().kind == Tok::And) {
      next();
      l = bin(Node::Kind::And, l, parse_unary());
    }
    return l;
  }
  NodePtr parse_unary() {
    if (peek().kind == Tok::Not) {
      next();
      return bin(Node::Kind::Not, parse_unary(), nullptr);
    }
    return parse_primary();
  }
  NodePtr parse_primary() {
    Token t = next();
    switch (t.kind) {
      case Tok::LParen: {
        NodePtr n = parse_or();
        if (!error_.empty()) return nullptr;
        Token r = next();
        if (r.kind != Tok::RParen)
          set_error(r.kind == Tok::End   ? "unexpected end of filter, expected \")\""
                    : r.kind == Tok::Bad ? r.text
                                         : "expected \")\" before \"" + r.text + "\"",
                    r.pos);
        return n;
      }
      case Tok::Word: return parse_relation(t);
      case Tok::End: set_error("unexpected end of filter", t.pos); return nullptr;
      case Tok::Bad: set_error(t.text, t.pos); return nullptr;
      case Tok::String: set_error("a string (\"" + t.text + "\") cannot stand alone, compare a field with it", t.pos); return nullptr;
      default: set_error("unexpected \"" + t.text + "\"", t.pos); return nullptr;
    }
  }

  NodePtr parse_relation(const Token& name) {
    const FieldInfo* f = reg_.field(name.text);
    if (!f) {
      set_error("\"" + name.text + "\" is not a valid protocol or field", name.pos);
      return nullptr;
    }
    auto n = std::make_shared<Node>();
    n->field = f->abbrev;
    n->type = f->type;
    if (peek().kind != Tok::Cmp && peek().kind != Tok::Contains) return n;  // presence test
    Token op = next();
    n->op = op.kind == Tok::Contains ? Op::Contains : op.op;
    Token v = next();
    if (v.kind == Tok::End) {
      set_error("unexpected end of filter, expected a value after \"" + op.text + "\"", v.pos);
      return nullptr;
    }
    if (v.kind != Tok::Word && v.kind != Tok::String) {
      set_error(v.kind == Tok::Bad ? v.text : "expected a value after \"" + op.text + "\", found \"" + v.text + "\"", v.pos);
      return nullptr;
    }
    if (!literal(*n, v)) return nullptr;
    return n;
  }

  // Converts the literal to the field's type.
  bool literal(Node& n, const Token& v) {
    auto bad = [&](const char* what) {
      set_error("\"" + v.text + "\" is not a valid " + what + " for " + n.field, v.pos);
      return false;
    };
    if (n.type == FieldType::Protocol || n.type == FieldType::None) {
      set_error("\"" + n.field + "\" has no value to compare", v.pos);
      return false;
    }
    if (n.op == Op::Contains) {
      if (n.type == FieldType::String) {
        n.value = FieldValue::string(v.text);
      } else if (n.type == FieldType::Bytes) {
        Bytes b = v.kind == Tok::String ? Bytes(v.text.begin(), v.text.end()) : from_hex(v.text);
        if (b.empty()) return bad("byte string");
        n.value = FieldValue::bytes_of(b);
      } else {
        set_error("\"contains\" needs a string or byte field; " + n.field + " is a " + to_string(n.type), v.pos);
        return false;
      }
      return true;
    }
    switch (n.type) {
      case FieldType::UInt: {
        auto u = parse_uint(v.text);
        if (!u) return bad("unsigned integer");
        n.value = FieldValue::uint(*u);
        return true;
      }
      case FieldType::Int: {
        auto i = parse_int(v.text);
        if (!i) return bad("integer");
        n.value = FieldValue::sint(*i);
        return true;
      }
      case FieldType::RelTime: {
        auto s = parse_seconds(v.text);
        if (!s) return bad("time in seconds");
        n.value = FieldValue::rel_time(*s);
        return true;
      }
      case FieldType::Bool: {
        std::string w = v.text;
        for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (w == "1" || w == "true") n.value = FieldValue::boolean(true);
        else if (w == "0" || w == "false") n.value = FieldValue::boolean(false);
        else return bad("boolean");
        return true;
      }
      case FieldType::String: n.value = FieldValue::string(v.text); return true;
      case FieldType::Bytes: {
        Bytes b = v.kind == Tok::String ? Bytes(v.text.begin(), v.text.end()) : from_hex(v.text);
        if (b.empty()) return bad("byte string");
        n.value = FieldValue::bytes_of(b);
        return true;
      }
      case FieldType::Ipv4: {
        if (v.text.find('/') != std::string::npos) {
          auto p = wire::Ipv4Prefix::parse(v.text);
          if (!p) return bad("IPv4 address or network");
          if (n.op != Op::Eq && n.op != Op::Ne) {
            set_error("a network (" + v.text + ") can only be compared with == or !=", v.pos);
            return false;
          }
          n.value = FieldValue::ipv4(p->network());
          n.mask = p->mask();
          return true;
        }
        auto a = wire::Ipv4Address::parse(v.text);
        if (!a) return bad("IPv4 address");
        n.value = FieldValue::ipv4(*a);
        return true;
      }
      case FieldType::Mac: {
        auto m = wire::MacAddress::parse(v.text);
        if (!m) return bad("MAC address");
        n.value = FieldValue::mac(*m);
        return true;
      }
      default: return bad("value");
    }
  }

  std::vector<Token> toks_;
  std::size_t i_ = 0;
  const DissectorRegistry& reg_;
  std::string error_;
  std::size_t error_pos_ = 0;
};

// Three-way comparison of an occurrence with the literal, in the field's type.
int compare(const FieldValue& a, const Node& n) {
  const FieldValue& b = n.value;
  switch (n.type) {
    case FieldType::Int:
    case FieldType::RelTime: return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
    case FieldType::String: return a.text.compare(b.text) < 0 ? -1 : a.text == b.text ? 0 : 1;
    case FieldType::Bytes:
      return std::lexicographical_compare(a.bytes.begin(), a.bytes.end(), b.bytes.begin(), b.bytes.end()) ? -1
             : a.bytes == b.bytes ? 0 : 1;
    case FieldType::Ipv4: {
      std::uint64_t x = a.number & n.mask, y = b.number & n.mask;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default: return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  }
}

bool contains(const FieldValue& a, const FieldValue& b) {
  if (a.type == FieldType::String) return a.text.find(b.text) != std::string::npos;
  return std::search(a.bytes.begin(), a.bytes.end(), b.bytes.begin(), b.bytes.end()) != a.bytes.end();
}

void collect_expert(const ProtoNode& n, const std::string& field, std::vector<FieldValue>& out) {
  if (n.expert) {
    if (field == "_ws.expert") out.push_back(FieldValue::protocol());
    else if (field == "_ws.expert.message") out.push_back(FieldValue::string(n.expert->message));
    else if (field == "_ws.expert.group") out.push_back(FieldValue::string(n.expert->group));
    else if (field == "_ws.expert.severity") out.push_back(FieldValue::uint(static_cast<unsigned>(n.expert->severity)));
  }
  for (const auto& c : n.children) collect_expert(c, field, out);
}

std::vector<FieldValue> occurrences(const PacketDissection& p, const std::string& field) {
  std::vector<FieldValue> out;
  if (field.rfind("_ws.expert", 0) == 0) {
    for (const auto& n : p.tree) collect_expert(n, field, out);
    return out;
  }
  for (const ProtoNode* n : p.find_all(field)) out.push_back(n->value);
  return out;
}

bool eval(const Node& n, const PacketDissection& p) {
  switch (n.kind) {
    case Node::Kind::And: return eval(*n.left, p) && eval(*n.right, p);
    case Node::Kind::Or: return eval(*n.left, p) || eval(*n.right, p);
    case Node::Kind::Not: return !eval(*n.left, p);
    case Node::Kind::Relation: break;
  }
  std::vector<FieldValue> vals = occurrences(p, n.field);
  if (vals.empty()) return false;
  switch (n.op) {
    case Op::Exists: return true;
    case Op::Ne:
      return std::none_of(vals.begin(), vals.end(), [&](const FieldValue& v) { return compare(v, n) == 0; });
    case Op::Contains:
      return std::any_of(vals.begin(), vals.end(), [&](const FieldValue& v) { return contains(v, n.value); });
    default: break;
  }
  return std::any_of(vals.begin(), vals.end(), [&](const FieldValue& v) {
    int c = compare(v, n);
    switch (n.op) {
      case Op::Eq: return c == 0;
      case Op::Gt: return c > 0;
      case Op::Lt: return c < 0;
      case Op::Ge: return c >= 0;
      case Op::Le: return c <= 0;
      default: return false;
    }
  });
}

}  // namespace

Result<DisplayFilter> DisplayFilter::compile(const std::string& text, const DissectorRegistry& registry) {
  Parser parser(text, registry);
  auto root = parser.parse();
  if (!root) return root.error();
  DisplayFilter f;
  f.text_ = text;
  f.root_ = *root;
  return f;
}

bool DisplayFilter::matches(const PacketDissection& packet) const { return !root_ || eval(*root_, packet); }

}  // namespace wirelab::dissect
