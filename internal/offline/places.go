package offline

import "strings"

// Places and outlets: capitalised runs that name a place or a news outlet,
// which never speak.

// outletName reports the name of a news outlet ("Harbour Gazette").
func outletName(words []string) bool {
	return len(words) >= 2 && outletWords.getLower(words[len(words)-1])
}

// outletWords end the names of newspapers, broadcasters and wires.
var outletWords = lexiconSet("outlet_words.txt")

// placeName reports a name that ends in a word for a place ("Brisk
// Valley", "Harrow Road", "Lowell Harbour"): places never speak.
//
// A name that opens like a place but ends in a word for an organisation
// ("Port Ellery Fire Service", "Mount Vale Hospital") is the organisation.
func placeName(words []string) bool {
	if len(words) < 2 {
		return false
	}
	last := words[len(words)-1]
	return placeWords.getLower(last) || placeFirstWords.getLower(strings.TrimSuffix(words[0], ".")) && !orgWords.getLower(strings.TrimSuffix(last, "."))
}

// placeFirstWords open the names of places ("Port Ellery", "Mount Vale",
// "Lake Orrin").
var placeFirstWords = lexiconSet("place_first_words.txt")

// placeWords end the names of places.
var placeWords = lexiconSet("place_words.txt")

func hasOrgWord(words []string) bool {
	for _, w := range words {
		if orgWords.getLower(strings.TrimSuffix(w, ".")) {
			return true
		}
	}
	return false
}
