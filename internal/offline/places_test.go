package offline

import (
	"strings"
	"testing"
)

func TestPlacesAndOutlets(t *testing.T) {
	tests := []struct {
		name          string
		place, outlet bool
		org           bool
	}{
		{"Harrow Valley", true, false, true},
		{"Port Ellery", true, false, true}, // "port" is also an organisation word
		{"Mt. Corran", true, false, false},
		{"Kessler Road", true, false, true},
		{"Dunmore Gazette", false, true, false},
		{"Lowell Daily Ledger", false, true, false},
		{"Marta Kessler", false, false, false},
		{"Kessler Holdings", false, false, true},
		{"Valley", false, false, true},
	}
	for _, tc := range tests {
		w := strings.Fields(tc.name)
		if got := placeName(w); got != tc.place {
			t.Errorf("placeName(%q) = %v, want %v", tc.name, got, tc.place)
		}
		if got := outletName(w); got != tc.outlet {
			t.Errorf("outletName(%q) = %v, want %v", tc.name, got, tc.outlet)
		}
		if got := hasOrgWord(w); got != tc.org {
			t.Errorf("hasOrgWord(%q) = %v, want %v", tc.name, got, tc.org)
		}
	}
}
