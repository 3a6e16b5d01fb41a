import en from '../../i18n/en/software.json';
import fr from '../../i18n/fr/software.json';
import { addLazyTexts } from '../../i18n';

// The software pages' texts load with them (lazy pages), not with the first screen.
addLazyTexts('software', { en, fr });
