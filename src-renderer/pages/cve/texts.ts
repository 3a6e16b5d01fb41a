import en from '../../i18n/lazy/en/cve.json';
import fr from '../../i18n/lazy/fr/cve.json';
import { addLazyTexts } from '../../i18n';

// The CVE texts load with the CVE page or the computer detail's CVE section, not with the first screen.
addLazyTexts('cve', { en, fr });
