package offline

import "strings"

// Accessors for other packages (source analytics) to the embedded name
// lists and lexicons; they add no rule of their own.

// FirstNameGender returns "female" or "male" when the embedded first-name
// lists give the name one gender, and "" when the name is used by both,
// is unknown, or is a word the lists hold that is rarely a first name in
// news copy ("will", "may").
func FirstNameGender(first string) string {
	g, ok := firstNameGender(strings.ToLower(strings.TrimSpace(first)))
	switch {
	case !ok:
		return ""
	case g == genderFemale:
		return "female"
	case g == genderMale:
		return "male"
	}
	return ""
}

// IsOrganisationWord reports whether a lower-case word marks an
// organisation in a name ("council", "ministry", "inc.").
func IsOrganisationWord(lower string) bool { return orgWords.has(lower) }

// IsGroupWord reports whether a lower-case word names a group of people
// ("residents", "officials").
func IsGroupWord(lower string) bool { return pluralPeople.has(lower) }
