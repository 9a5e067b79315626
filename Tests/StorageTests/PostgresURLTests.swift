import Storage
import Testing

@Suite("PostgreSQL URLs")
struct PostgresURLTests {
    @Test("libpq-style URLs parse; the description never shows the password")
    func parses() throws {
        let url = try PostgresURL("postgresql://app%40corp:p%2Fss@db.internal:6543/eks%20auth?sslmode=require")
        #expect(url.username == "app@corp")
        #expect(url.password == "p/ss")
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.database == "eks auth")
        #expect(url.tls == .require)
        #expect(url.description == "postgres://app@corp@db.internal:6543/eks auth?sslmode=require")
        let plain = try PostgresURL("postgres://eksauth@localhost/eksauth")
        #expect(plain.port == 5432)
        #expect(plain.password == nil)
        #expect(plain.tls == .prefer, "libpq's default")
    }

    @Test("bad URLs say what is missing", arguments: [
        ("mysql://u@h/d", "must look like postgres://"),
        ("postgres://h/d", "names no user"),
        ("postgres://u@h", "names no database"),
        ("postgres://u@h/d?sslmode=verify-full", "sslmode in the database URL must be"),
        ("postgres://u@h/d?pool=3", "unknown parameter pool"),
    ])
    func rejects(text: String, message: String) {
        #expect {
            _ = try PostgresURL(text)
        } throws: { error in
            (error as? PostgresURLError)?.message.contains(message) == true
        }
    }
}
