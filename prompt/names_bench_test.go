package prompt

import "testing"

func BenchmarkCheckNameMatch(b *testing.B) {
	for b.Loop() {
		if err := CheckName("cafe\u0301-データ-ws", "caf\u00e9-データ-ws"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckNameLookAlike(b *testing.B) {
	for b.Loop() {
		if err := CheckName("prоd-cluster", "prod-cluster"); err == nil {
			b.Fatal("look-alike accepted")
		}
	}
}
