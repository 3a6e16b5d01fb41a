import en from '../../i18n/en/assetcats.json';
import fr from '../../i18n/fr/assetcats.json';
import { addLazyTexts } from '../../i18n';

// The asset categories page's texts load with it (lazy page), not with the first screen.
addLazyTexts('assetcats', { en, fr });
