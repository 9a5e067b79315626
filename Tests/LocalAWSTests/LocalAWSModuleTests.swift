import LocalAWS
import Testing

@Test func localAWSModuleLoads() { #expect(String(describing: LocalAWS.self) == "LocalAWS") }
